//! A thin pull cursor over quick-xml's streaming reader: walk children, read leaf text,
//! parse typed values, and turn every failure into a [`ReadError`] with line and column.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use super::error::{Location, ReadError};

/// An element the cursor has just entered.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Element<'n> {
    /// Local name (namespace prefix stripped).
    pub name: &'n str,
    /// `<name/>`: there is no content and no end tag to consume.
    pub empty: bool,
}

/// Streaming position in one MSPDI input held in memory.
pub(crate) struct Cursor<'a> {
    input: &'a str,
    reader: Reader<&'a [u8]>,
}

impl<'a> Cursor<'a> {
    /// Starts before the first byte of `input`.
    pub fn new(input: &'a str) -> Self {
        Self {
            input,
            reader: Reader::from_str(input),
        }
    }

    /// Moves to the root element and returns its local name and emptiness.
    pub fn root(&mut self) -> Result<(String, bool), ReadError> {
        loop {
            match self.event()? {
                Event::Start(start) => {
                    return Ok((local_name(&start.local_name()).to_owned(), false));
                }
                Event::Empty(start) => {
                    return Ok((local_name(&start.local_name()).to_owned(), true));
                }
                Event::Eof => return Err(self.malformed("the document has no root element")),
                _ => {}
            }
        }
    }

    /// Reads past the root element to the end, so trailing garbage is still reported.
    pub fn finish(&mut self) -> Result<(), ReadError> {
        loop {
            match self.event()? {
                Event::Eof => return Ok(()),
                Event::Text(text) if text.iter().all(u8::is_ascii_whitespace) => {}
                Event::Start(_)
                | Event::Empty(_)
                | Event::Text(_)
                | Event::CData(_)
                | Event::GeneralRef(_) => {
                    return Err(self.malformed("content after the root element"));
                }
                _ => {}
            }
        }
    }

    /// Calls `visit` for each child element of `parent` until its end tag. `visit` must
    /// consume the child (read its text, walk its children, or [`Cursor::skip`] it).
    pub fn children(
        &mut self,
        parent: Element<'_>,
        mut visit: impl FnMut(&mut Self, Element<'_>) -> Result<(), ReadError>,
    ) -> Result<(), ReadError> {
        if parent.empty {
            return Ok(());
        }
        loop {
            match self.event()? {
                Event::Start(start) => {
                    let name = start.local_name();
                    visit(
                        self,
                        Element {
                            name: local_name(&name),
                            empty: false,
                        },
                    )?;
                }
                Event::Empty(start) => {
                    let name = start.local_name();
                    visit(
                        self,
                        Element {
                            name: local_name(&name),
                            empty: true,
                        },
                    )?;
                }
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.unexpected_eof(parent.name)),
                _ => {}
            }
        }
    }

    /// Skips an element the model does not use, with everything inside it.
    pub fn skip(&mut self, element: Element<'_>) -> Result<(), ReadError> {
        if element.empty {
            return Ok(());
        }
        let mut depth = 0usize;
        loop {
            match self.event()? {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return Ok(()),
                Event::End(_) => depth -= 1,
                Event::Eof => return Err(self.unexpected_eof(element.name)),
                _ => {}
            }
        }
    }

    /// Reads the text of a leaf element, entities resolved, and consumes its end tag.
    /// Child elements inside a leaf (not MSPDI, but harmless) are skipped.
    pub fn text(&mut self, element: Element<'_>) -> Result<Cow<'a, str>, ReadError> {
        let mut text = Cow::Borrowed("");
        if element.empty {
            return Ok(text);
        }
        loop {
            match self.event()? {
                Event::Text(part) => {
                    append(&mut text, part.decode().map_err(|e| self.malformed(e))?)
                }
                Event::CData(part) => {
                    append(&mut text, part.decode().map_err(|e| self.malformed(e))?)
                }
                Event::GeneralRef(reference) => {
                    let resolved = match reference
                        .resolve_char_ref()
                        .map_err(|e| self.malformed(e))?
                    {
                        Some(character) => Cow::Owned(character.to_string()),
                        None => {
                            let name = reference.decode().map_err(|e| self.malformed(e))?;
                            let entity = resolve_predefined_entity(&name).ok_or_else(|| {
                                self.malformed(format!("unknown entity &{name};"))
                            })?;
                            Cow::Borrowed(entity)
                        }
                    };
                    append(&mut text, resolved);
                }
                Event::Start(start) => {
                    let name = start.local_name();
                    self.skip(Element {
                        name: local_name(&name),
                        empty: false,
                    })?;
                }
                Event::End(_) => return Ok(text),
                Event::Eof => return Err(self.unexpected_eof(element.name)),
                _ => {}
            }
        }
    }

    /// Reads a leaf element's trimmed text and parses it, reporting `expected` and the
    /// value's position when `parse` refuses it.
    pub fn value<T>(
        &mut self,
        element: Element<'_>,
        expected: &'static str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<T, ReadError> {
        let offset = self.offset();
        let text = self.text(element)?;
        parse(text.trim()).ok_or_else(|| ReadError::InvalidValue {
            element: element.name.to_owned(),
            value: text.into_owned(),
            expected,
            location: Location::of_offset(self.input, offset),
        })
    }

    /// Like [`Cursor::value`], but an empty element gives `None`.
    pub fn optional_value<T>(
        &mut self,
        element: Element<'_>,
        expected: &'static str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<Option<T>, ReadError> {
        self.value(element, expected, |text| {
            if text.is_empty() {
                Some(None)
            } else {
                parse(text).map(Some)
            }
        })
    }

    /// The location of the cursor, for errors found after an element was read.
    pub fn location(&self) -> Location {
        Location::of_offset(self.input, self.offset())
    }

    fn offset(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    fn event(&mut self) -> Result<Event<'a>, ReadError> {
        self.reader
            .read_event()
            .map_err(|error| ReadError::Malformed {
                location: Location::of_offset(
                    self.input,
                    usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX),
                ),
                message: error.to_string(),
            })
    }

    fn malformed(&self, message: impl ToString) -> ReadError {
        ReadError::Malformed {
            location: self.location(),
            message: message.to_string(),
        }
    }

    fn unexpected_eof(&self, open: &str) -> ReadError {
        self.malformed(format!("the file ends inside <{open}>"))
    }
}

/// Appends `part` to `text`, borrowing while there is only one part.
fn append<'a>(text: &mut Cow<'a, str>, part: Cow<'a, str>) {
    if text.is_empty() {
        *text = part;
    } else {
        text.to_mut().push_str(&part);
    }
}

/// An element's local name as text. The input is a `&str`, so names are valid UTF-8;
/// should a name end mid-character anyway, it reads as empty and is skipped as unknown.
fn local_name(name: &impl AsRef<[u8]>) -> &str {
    std::str::from_utf8(name.as_ref()).unwrap_or_default()
}
