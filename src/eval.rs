//! Question-set evaluation in the format of the development set: one JSON object a line with
//! `id`, `question`, and either `expect_title` + `expect_any`, or `abstain: true`.

use std::collections::BTreeMap;
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
    /// The question's language (`en`, `ja`, `ru`); English when absent.
    #[serde(default)]
    pub lang: Option<String>,
}

/// A question the engine got wrong, and how.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub id: String,
    pub question: String,
    pub problem: String,
}

/// The figures of one evaluation run: over every question, then per language.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    #[serde(flatten)]
    pub overall: Figures,
    /// The same figures for each language's questions (`en` when a line names none).
    pub by_lang: BTreeMap<String, Figures>,
    pub misses: Vec<Miss>,
}

impl std::ops::Deref for EvalReport {
    type Target = Figures;
    fn deref(&self) -> &Figures {
        &self.overall
    }
}

/// The figures of one group of questions.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
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
    /// Off-topic questions the engine answered.
    pub false_answers: usize,
    /// How many abstentions gave each reason (`off_topic`, `not_covered`, `date_range`).
    pub abstain_reasons: BTreeMap<String, usize>,
}

/// How one question went.
struct Outcome {
    lang: String,
    expected_abstain: bool,
    abstained: bool,
    reason: Option<String>,
    hit: bool,
    answer: bool,
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
    let mut misses = Vec::new();
    let outcomes: Vec<Outcome> = cases
        .iter()
        .map(|case| judge_case(engine, case, &mut misses))
        .collect();
    let overall = figures(outcomes.iter());
    let mut langs: Vec<&str> = outcomes.iter().map(|o| o.lang.as_str()).collect();
    langs.sort_unstable();
    langs.dedup();
    let by_lang = langs
        .into_iter()
        .map(|lang| {
            let group = figures(outcomes.iter().filter(|o| o.lang == lang));
            (lang.to_string(), group)
        })
        .collect();
    EvalReport {
        overall,
        by_lang,
        misses,
    }
}

fn judge_case(engine: &Engine, case: &EvalCase, misses: &mut Vec<Miss>) -> Outcome {
    let mut miss = |problem: String| {
        misses.push(Miss {
            id: case.id.clone(),
            question: case.question.clone(),
            problem,
        })
    };
    let mut outcome = Outcome {
        lang: case.lang.clone().unwrap_or_else(|| "en".into()),
        expected_abstain: case.abstain,
        abstained: false,
        reason: None,
        hit: false,
        answer: false,
    };
    let answer = match engine.ask(&case.question, &AskOptions::default()) {
        Ok(answer) => answer,
        Err(err) => {
            miss(format!("refused: {err}"));
            return outcome;
        }
    };
    outcome.abstained = answer.abstained();
    outcome.reason = answer
        .abstain_reason
        .and_then(|r| serde_json::to_value(r).ok())
        .and_then(|v| v.as_str().map(str::to_string));
    if case.abstain {
        if !answer.abstained() {
            miss(format!(
                "should abstain, cited {:?}",
                answer.citations[0].excerpt
            ));
        }
        return outcome;
    }
    if answer.abstained() {
        miss(format!(
            "abstained ({})",
            outcome.reason.as_deref().unwrap_or("no reason")
        ));
        return outcome;
    }
    outcome.hit = top_title_matches(&answer, &case.expect_title);
    if !outcome.hit {
        miss(format!(
            "top title {:?}, expected one of {:?}",
            answer.citations[0].title, case.expect_title
        ));
    }
    outcome.answer = excerpts_contain(&answer, &case.expect_any);
    if !outcome.answer {
        miss(format!(
            "no top-3 excerpt contains one of {:?}; first was {:?}",
            case.expect_any, answer.citations[0].excerpt
        ));
    }
    outcome
}

fn figures<'a>(outcomes: impl Iterator<Item = &'a Outcome>) -> Figures {
    let mut f = Figures::default();
    let (mut hits, mut answers, mut abstentions) = (0, 0, 0);
    for o in outcomes {
        if let Some(reason) = &o.reason {
            *f.abstain_reasons.entry(reason.clone()).or_default() += 1;
        }
        if o.expected_abstain {
            f.off_topic += 1;
            abstentions += usize::from(o.abstained);
            f.false_answers += usize::from(!o.abstained);
        } else {
            f.answerable += 1;
            f.false_abstentions += usize::from(o.abstained);
            hits += usize::from(o.hit);
            answers += usize::from(o.answer);
        }
    }
    let share = |n: usize, of: usize| if of == 0 { 1.0 } else { n as f64 / of as f64 };
    f.hit_at_1 = share(hits, f.answerable);
    f.answer_at_3 = share(answers, f.answerable);
    f.off_topic_abstention = share(abstentions, f.off_topic);
    f
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

impl fmt::Display for Figures {
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
        writeln!(f, "false answers:        {}", self.false_answers)?;
        let reasons: Vec<String> = self
            .abstain_reasons
            .iter()
            .map(|(reason, n)| format!("{reason} {n}"))
            .collect();
        writeln!(f, "abstention reasons:   {}", reasons.join(", "))
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.overall)?;
        if self.by_lang.len() > 1 {
            for (lang, figures) in &self.by_lang {
                write!(f, "\n[{lang}]\n{figures}")?;
            }
        }
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
