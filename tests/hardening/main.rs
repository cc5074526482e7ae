//! Hardening tests: the command line driven as a careful (or careless) operator would, on
//! private copies of the shipped corpus. One module per concern; the harness is shared.

mod damage;
mod harness;
mod index_location;
mod input;
mod processes;
mod properties;
