//! Text processing shared by the importer, the index and the answer engine: word analysis
//! (tokens, stems, stopwords) and sentence splitting.

pub mod acronym;
pub mod analyzer;
pub mod normalize;
pub mod sentences;
