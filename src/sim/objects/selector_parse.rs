//! Lexer and parser of the string form of label selectors (`a=b,c in (x,y),!d`),
//! following `k8s.io/apimachinery/pkg/labels` tokenisation.

use super::api_error::ApiError;
use super::selector::{Operator, Requirement, parse_err, requirement};

/// Parses the string form of a label selector into requirements (empty input:
/// none, i.e. everything).
pub(super) fn parse_requirements(s: &str) -> Result<Vec<Requirement>, ApiError> {
    let tokens = lex(s);
    let mut p = Parser { tokens, pos: 0 };
    let mut requirements = Vec::new();
    if p.peek() == &Tok::End {
        return Ok(requirements);
    }
    loop {
        requirements.push(p.requirement()?);
        match p.next() {
            Tok::End => return Ok(requirements),
            Tok::Comma if p.peek() != &Tok::End => {}
            Tok::Comma => return Err(parse_err("found '', expected: identifier after ','")),
            t => {
                return Err(parse_err(&format!(
                    "found '{}', expected: ',' or 'end of string'",
                    t.text()
                )));
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Not,
    Eq,
    DoubleEq,
    NotEq,
    In,
    NotIn,
    LParen,
    RParen,
    Comma,
    Gt,
    Lt,
    End,
}

impl Tok {
    fn text(&self) -> &str {
        match self {
            Tok::Ident(s) => s,
            Tok::Not => "!",
            Tok::Eq => "=",
            Tok::DoubleEq => "==",
            Tok::NotEq => "!=",
            Tok::In => "in",
            Tok::NotIn => "notin",
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::Comma => ",",
            Tok::Gt => ">",
            Tok::Lt => "<",
            Tok::End => "",
        }
    }
}

fn lex(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let tok = match c {
            c if c.is_whitespace() => continue,
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            ',' => Tok::Comma,
            '<' => Tok::Lt,
            '>' => Tok::Gt,
            '=' if chars.peek() == Some(&'=') => {
                chars.next();
                Tok::DoubleEq
            }
            '=' => Tok::Eq,
            '!' if chars.peek() == Some(&'=') => {
                chars.next();
                Tok::NotEq
            }
            '!' => Tok::Not,
            _ => {
                let mut word = String::from(c);
                while let Some(&n) = chars.peek() {
                    if n.is_whitespace() || "()<>,=!".contains(n) {
                        break;
                    }
                    word.push(n);
                    chars.next();
                }
                match word.as_str() {
                    "in" => Tok::In,
                    "notin" => Tok::NotIn,
                    _ => Tok::Ident(word),
                }
            }
        };
        out.push(tok);
    }
    out
}

struct Parser {
    tokens: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> &Tok {
        self.tokens.get(self.pos).unwrap_or(&Tok::End)
    }

    fn next(&mut self) -> Tok {
        let t = self.peek().clone();
        self.pos += 1;
        t
    }

    fn ident(&mut self, what: &str) -> Result<String, ApiError> {
        match self.next() {
            Tok::Ident(s) => Ok(s),
            t => Err(parse_err(&format!("found '{}', expected: {what}", t.text()))),
        }
    }

    fn requirement(&mut self) -> Result<Requirement, ApiError> {
        if self.peek() == &Tok::Not {
            self.next();
            let key = self.ident("identifier")?;
            return requirement(&key, Operator::DoesNotExist, Vec::new());
        }
        let key = self.ident("!, identifier, or 'end of string'")?;
        let op = match self.peek() {
            Tok::End | Tok::Comma => return requirement(&key, Operator::Exists, Vec::new()),
            Tok::Eq | Tok::DoubleEq => Operator::Equals,
            Tok::NotEq => Operator::NotEquals,
            Tok::In => Operator::In,
            Tok::NotIn => Operator::NotIn,
            Tok::Gt => Operator::GreaterThan,
            Tok::Lt => Operator::LessThan,
            t => {
                return Err(parse_err(&format!(
                    "found '{}', expected: =, !=, ==, in, notin",
                    t.text()
                )));
            }
        };
        self.next();
        let values = match op {
            Operator::In | Operator::NotIn => self.value_set()?,
            _ => match self.peek() {
                Tok::Ident(_) => vec![self.ident("identifier")?],
                Tok::End | Tok::Comma => vec![String::new()],
                t => {
                    return Err(parse_err(&format!("found '{}', expected: identifier", t.text())));
                }
            },
        };
        requirement(&key, op, values)
    }

    fn value_set(&mut self) -> Result<Vec<String>, ApiError> {
        match self.next() {
            Tok::LParen => {}
            t => return Err(parse_err(&format!("found '{}', expected: '('", t.text()))),
        }
        let mut values = Vec::new();
        if self.peek() == &Tok::RParen {
            self.next();
            return Ok(values);
        }
        loop {
            match self.peek().clone() {
                Tok::Ident(v) => {
                    self.next();
                    values.push(v);
                }
                Tok::Comma | Tok::RParen => values.push(String::new()),
                t => {
                    return Err(parse_err(&format!(
                        "found '{}', expected: ',', ')' or identifier",
                        t.text()
                    )));
                }
            }
            match self.next() {
                Tok::Comma => {}
                Tok::RParen => return Ok(values),
                t => {
                    return Err(parse_err(&format!("found '{}', expected: ',' or ')'", t.text())));
                }
            }
        }
    }
}
