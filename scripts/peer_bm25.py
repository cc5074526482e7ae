"""Peer comparison for `nichiro-bench`: the same passages and questions through bm25s.

Reads the JSON that `nichiro-bench --json` printed (it names the synthetic corpus directory and
the question file), splits every corpus file into passages the way nichiro's synthetic corpus is
built (front matter between `+++` lines, then one paragraph per non-blank line), indexes them
with bm25s (English stopwords, Snowball English stemmer, as nichiro's analyzer), and times a
top-10 retrieval of every question, one question per call, as a bot answers them.

Latency per call includes tokenizing the question, as nichiro's raw search includes parsing it.
Run through scripts/peer_bm25.sh, which installs bm25s into a virtualenv.
"""

import argparse
import json
import os
import statistics
import sys
import time

import bm25s
import numpy as np
import Stemmer

K = 10


def load_passages(corpus_dir):
    """Paragraphs of every `*.md` file, in file-name order, front matter skipped."""
    passages = []
    text_bytes = 0
    for name in sorted(os.listdir(corpus_dir)):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(corpus_dir, name), encoding="utf-8") as f:
            content = f.read()
        parts = content.split("+++\n", 2)
        body = parts[2] if len(parts) == 3 else content
        body = body.strip()
        text_bytes += len(body.encode("utf-8"))
        passages.extend(line for line in body.split("\n") if line.strip())
    return passages, text_bytes


def load_questions(path):
    with open(path, encoding="utf-8") as f:
        lines = (line.strip() for line in f)
        return [line for line in lines if line and not line.startswith("#")]


def percentile(sorted_samples, p):
    """Nearest rank, as nichiro's bench computes it."""
    rank = max(1, min(len(sorted_samples), int(np.ceil(p * len(sorted_samples)))))
    return sorted_samples[rank - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nichiro-json", required=True, help="output of `nichiro-bench --json`")
    parser.add_argument("--rounds", type=int, default=20, help="times each question is timed")
    parser.add_argument("--out", help="write the figures here as JSON too")
    args = parser.parse_args()

    with open(args.nichiro_json, encoding="utf-8") as f:
        ours = json.load(f)
    passages, text_bytes = load_passages(ours["corpus_dir"])
    questions = load_questions(ours["queries_file"])
    print(f"corpus {ours['corpus_dir']}: {len(passages)} passages, "
          f"{text_bytes / 2**20:.1f} MB; {len(questions)} questions", file=sys.stderr)
    if len(passages) != ours["passages"]:
        print(f"warning: nichiro counted {ours['passages']} passages", file=sys.stderr)

    stemmer = Stemmer.Stemmer("english")
    started = time.perf_counter()
    corpus_tokens = bm25s.tokenize(passages, stopwords="en", stemmer=stemmer, show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(corpus_tokens, show_progress=False)
    build_s = time.perf_counter() - started

    def search(question):
        tokens = bm25s.tokenize([question], stopwords="en", stemmer=stemmer,
                                show_progress=False)
        if not tokens.vocab:  # nothing left after stopwords: bm25s would refuse the query
            return 0
        docs, _scores = retriever.retrieve(tokens, k=K, show_progress=False, n_threads=1)
        return docs.shape[1]

    for question in questions:  # warm-up, and a check that every question runs
        search(question)
    samples = []
    per_question = [[] for _ in questions]
    for _ in range(args.rounds):
        for i, question in enumerate(questions):
            started = time.perf_counter_ns()
            search(question)
            elapsed = time.perf_counter_ns() - started
            samples.append(elapsed)
            per_question[i].append(elapsed)
    samples.sort()
    us = lambda ns: round(ns / 1000, 1)
    peer = {
        "peer": f"bm25s {bm25s.__version__}",
        "passages": len(passages),
        "queries": len(questions),
        "rounds": args.rounds,
        "build_s": round(build_s, 3),
        "index_mb_per_s": round(text_bytes / 2**20 / build_s, 2),
        "p50_us": us(percentile(samples, 0.50)),
        "p99_us": us(percentile(samples, 0.99)),
        "max_us": us(samples[-1]),
        "mean_us": us(statistics.fmean(samples)),
    }
    ratios = {
        "ask_speedup_p50": round(peer["p50_us"] / ours["ask_p50_us"], 1),
        "ask_speedup_p99": round(peer["p99_us"] / ours["ask_p99_us"], 1),
        "raw_speedup_p50": round(peer["p50_us"] / ours["raw_p50_us"], 1),
        "raw_speedup_p99": round(peer["p99_us"] / ours["raw_p99_us"], 1),
        "index_speedup": round(ours["index_mb_per_s"] / peer["index_mb_per_s"], 2),
    }

    print(f"{'top-10 latency (µs)':<34}{'p50':>10}{'p99':>10}")
    print(f"{peer['peer'] + ' (1 thread)':<34}{peer['p50_us']:>10.1f}{peer['p99_us']:>10.1f}")
    print(f"{'nichiro raw tantivy search':<34}{ours['raw_p50_us']:>10.1f}{ours['raw_p99_us']:>10.1f}")
    print(f"{'nichiro ask (answer + citations)':<34}{ours['ask_p50_us']:>10.1f}{ours['ask_p99_us']:>10.1f}")
    print(f"nichiro ask is {ratios['ask_speedup_p50']}x faster than bm25s top-10 at p50, "
          f"{ratios['ask_speedup_p99']}x at p99 (raw search: {ratios['raw_speedup_p50']}x, "
          f"{ratios['raw_speedup_p99']}x)")
    print(f"index build: bm25s {peer['build_s']:.1f} s ({peer['index_mb_per_s']} MB/s), "
          f"nichiro {ours['build_s']:.1f} s ({ours['index_mb_per_s']} MB/s, "
          f"in-memory passages and sentences included)")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump({"bm25s": peer, "nichiro": ours, "ratios": ratios}, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
