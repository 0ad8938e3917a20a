//! The styles part: what each paragraph and character style says about headings, weight, capitals
//! and size, looked up along its `basedOn` chain.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{attr, on_off};

/// What the styles part says about a paragraph or character style.
#[derive(Debug, Clone, Default)]
pub(super) struct Style {
    name: String,
    based_on: Option<String>,
    pub(super) bold: Option<bool>,
    pub(super) caps: Option<bool>,
    /// Half-points.
    pub(super) size: Option<u32>,
    outline: Option<u8>,
}

#[derive(Debug, Default)]
pub(super) struct Styles {
    by_id: HashMap<String, Style>,
    pub(super) default_size: Option<u32>,
    pub(super) default_paragraph: Option<String>,
}

impl Styles {
    pub(super) fn parse(xml: &[u8]) -> Self {
        let mut styles = Styles::default();
        let mut reader = Reader::from_reader(xml);
        let mut current: Option<(String, Style)> = None;
        let (mut in_defaults, mut in_rpr) = (false, false);
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(event) => event,
            };
            let event_kind = if matches!(event, Event::Start(_)) { Kind::Start } else { Kind::Other };
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let container = matches!(event_kind, Kind::Start);
                    match e.local_name().as_ref() {
                        b"rPrDefault" if container => in_defaults = true,
                        b"style" if container => {
                            let id = attr(&e, b"styleId").unwrap_or_default();
                            if attr(&e, b"default").as_deref() == Some("1")
                                && attr(&e, b"type").as_deref() == Some("paragraph")
                            {
                                styles.default_paragraph = Some(id.clone());
                            }
                            current = Some((id, Style::default()));
                        }
                        b"rPr" if container => in_rpr = true,
                        b"name" => {
                            if let Some((_, s)) = current.as_mut() {
                                s.name = attr(&e, b"val").unwrap_or_default().to_lowercase();
                            }
                        }
                        b"basedOn" => {
                            if let Some((_, s)) = current.as_mut() {
                                s.based_on = attr(&e, b"val");
                            }
                        }
                        b"outlineLvl" => {
                            if let Some((_, s)) = current.as_mut() {
                                s.outline = attr(&e, b"val").and_then(|v| v.parse().ok());
                            }
                        }
                        b"b" if in_rpr => {
                            if let Some((_, s)) = current.as_mut() {
                                s.bold = Some(on_off(&e));
                            }
                        }
                        b"caps" if in_rpr => {
                            if let Some((_, s)) = current.as_mut() {
                                s.caps = Some(on_off(&e));
                            }
                        }
                        b"sz" if in_rpr => {
                            let size = attr(&e, b"val").and_then(|v| v.parse().ok());
                            match current.as_mut() {
                                Some((_, s)) => s.size = size,
                                None if in_defaults => styles.default_size = size,
                                None => {}
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    b"rPrDefault" => in_defaults = false,
                    b"rPr" => in_rpr = false,
                    b"style" => {
                        if let Some((id, style)) = current.take() {
                            styles.by_id.insert(id, style);
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        styles
    }

    /// A property of a style, looked up along its `basedOn` chain (at most 16 steps: chains
    /// in hostile files may loop).
    pub(super) fn lookup<T>(&self, id: &str, get: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut id = id;
        for _ in 0..16 {
            let style = self.by_id.get(id)?;
            if let Some(v) = get(style) {
                return Some(v);
            }
            id = style.based_on.as_deref()?;
        }
        None
    }

    pub(super) fn is_heading(&self, id: &str) -> bool {
        let named = self.lookup(id, |s| {
            let n = s.name.as_str();
            (n.starts_with("heading") || n == "title" || n == "subtitle").then_some(true)
        });
        named.unwrap_or(false) || self.lookup(id, |s| s.outline).is_some_and(|l| l < 9)
    }
}

enum Kind {
    Start,
    Other,
}
