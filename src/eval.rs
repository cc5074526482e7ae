//! Question-set evaluation in the format of the development set: one JSON object a line with
//! `id`, `question`, and either `expect_title` + `expect_any`, or `abstain: true`.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::answer::{Answer, AskOptions};
use crate::engine::Engine;
use crate::error::Error;

/// One question of a set and what a right answer looks like.
#[derive(Debug, Clone, Deserialize)]
pub struct EvalCase {
    pub id: String,
    pub question: String,
    /// The top citation's title should contain one of these words.
    #[serde(default)]
    pub expect_title: Vec<String>,
    /// One of the top three excerpts should contain one of these strings.
    #[serde(default)]
    pub expect_any: Vec<String>,
    /// The corpus does not cover the question.
    #[serde(default)]
    pub abstain: bool,
}

/// A question the engine got wrong, and how.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub id: String,
    pub question: String,
    pub problem: String,
}

/// The figures of one evaluation run.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    pub answerable: usize,
    pub off_topic: usize,
    /// Share of answerable questions whose top citation has an expected title.
    pub hit_at_1: f64,
    /// Share of answerable questions with an expected string in the top three excerpts.
    pub answer_at_3: f64,
    /// Share of off-topic questions the engine abstained on.
    pub off_topic_abstention: f64,
    /// Answerable questions the engine abstained on.
    pub false_abstentions: usize,
    pub misses: Vec<Miss>,
}

/// Reads a question set; a malformed line is an error naming the line, and a set with no
/// question is an error too (it would score 1.000 on nothing).
pub fn load_cases(path: &Path) -> Result<Vec<EvalCase>, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let invalid = |line: usize, reason: String| Error::EvalSet {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let cases = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(number, line)| {
            let case: EvalCase =
                serde_json::from_str(line).map_err(|e| invalid(number + 1, e.to_string()))?;
            if case.question.trim().is_empty() {
                return Err(invalid(number + 1, "the question is empty".into()));
            }
            Ok(case)
        })
        .collect::<Result<Vec<_>, _>>()?;
    if cases.is_empty() {
        return Err(invalid(0, "the file holds no question".into()));
    }
    Ok(cases)
}

/// Asks every question and scores the answers.
pub fn evaluate(engine: &Engine, cases: &[EvalCase]) -> EvalReport {
    let mut report = EvalReport {
        answerable: 0,
        off_topic: 0,
        hit_at_1: 0.0,
        answer_at_3: 0.0,
        off_topic_abstention: 0.0,
        false_abstentions: 0,
        misses: Vec::new(),
    };
    let (mut hits, mut answers, mut abstentions) = (0, 0, 0);
    for case in cases {
        let answer = engine.ask(&case.question, &AskOptions::default());
        let mut miss = |problem: String| {
            report.misses.push(Miss {
                id: case.id.clone(),
                question: case.question.clone(),
                problem,
            })
        };
        let answer = match answer {
            Ok(answer) => answer,
            Err(err) => {
                miss(format!("refused: {err}"));
                if case.abstain {
                    report.off_topic += 1;
                } else {
                    report.answerable += 1;
                }
                continue;
            }
        };
        if case.abstain {
            report.off_topic += 1;
            if answer.abstained {
                abstentions += 1;
            } else {
                miss(format!(
                    "should abstain, cited {:?}",
                    answer.citations[0].excerpt
                ));
            }
            continue;
        }
        report.answerable += 1;
        if answer.abstained {
            report.false_abstentions += 1;
            miss("abstained".into());
            continue;
        }
        if top_title_matches(&answer, &case.expect_title) {
            hits += 1;
        } else {
            miss(format!(
                "top title {:?}, expected one of {:?}",
                answer.citations[0].title, case.expect_title
            ));
        }
        if excerpts_contain(&answer, &case.expect_any) {
            answers += 1;
        } else {
            miss(format!(
                "no top-3 excerpt contains one of {:?}; first was {:?}",
                case.expect_any, answer.citations[0].excerpt
            ));
        }
    }
    let share = |n: usize, of: usize| if of == 0 { 1.0 } else { n as f64 / of as f64 };
    report.hit_at_1 = share(hits, report.answerable);
    report.answer_at_3 = share(answers, report.answerable);
    report.off_topic_abstention = share(abstentions, report.off_topic);
    report
}

fn top_title_matches(answer: &Answer, expected: &[String]) -> bool {
    let Some(top) = answer.citations.first() else {
        return false;
    };
    let title = top.title.to_lowercase();
    expected.is_empty() || expected.iter().any(|w| title.contains(&w.to_lowercase()))
}

fn excerpts_contain(answer: &Answer, expected: &[String]) -> bool {
    expected.is_empty()
        || answer.citations.iter().take(3).any(|c| {
            let excerpt = c.excerpt.to_lowercase();
            expected.iter().any(|s| excerpt.contains(&s.to_lowercase()))
        })
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "answerable questions: {}   off-topic questions: {}",
            self.answerable, self.off_topic
        )?;
        writeln!(f, "hit@1:                {:.3}", self.hit_at_1)?;
        writeln!(f, "answer@3:             {:.3}", self.answer_at_3)?;
        writeln!(f, "off-topic abstention: {:.3}", self.off_topic_abstention)?;
        writeln!(f, "false abstentions:    {}", self.false_abstentions)?;
        if self.misses.is_empty() {
            write!(f, "misses: none")
        } else {
            writeln!(f, "misses:")?;
            for miss in &self.misses {
                writeln!(f, "  {} {:?}: {}", miss.id, miss.question, miss.problem)?;
            }
            Ok(())
        }
    }
}
