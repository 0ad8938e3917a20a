//! Server-sent events as both providers stream them: frames separated by a blank line, each
//! with an optional `event:` name and `data:` lines; comments (`:`) and other fields ignored.

use futures_util::StreamExt;
use kernel::AppError;
use reqwest::RequestBuilder;

use super::DeltaSink;
use crate::http_retry::Failure;

/// Sends a streaming request and hands each event's data to `take`, passing on the pieces of
/// answer it returns; a refusal before the stream is classified like any answer.
pub(crate) async fn stream_events(
    request: RequestBuilder,
    broken: impl Fn(String) -> AppError,
    deltas: &DeltaSink,
    mut take: impl FnMut(&str) -> Result<Option<String>, Failure>,
) -> Result<(), Failure> {
    let response = request.send().await.map_err(|e| Failure::lost(e, &broken))?;
    let (status, headers) = (response.status(), response.headers().clone());
    if !status.is_success() {
        let answer = response.bytes().await.map_err(|e| Failure::lost(e, &broken))?;
        return Err(Failure::refused(status, &headers, &answer, broken));
    }
    let mut decoder = SseDecoder::default();
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| Failure::lost(e, &broken))?;
        for event in decoder.push(&chunk) {
            if let Some(piece) = take(&event.data)? {
                deltas.push(&piece).await;
            }
        }
    }
    Ok(())
}

/// One event: its name (Anthropic names every event; OpenAI sends data only) and its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    pub event: Option<String>,
    pub data: String,
}

/// Turns the body's chunks, cut anywhere (even inside a UTF-8 character), into whole events.
#[derive(Default)]
pub struct SseDecoder {
    pending: Vec<u8>,
}

impl SseDecoder {
    /// The events that `chunk` completes.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<SseEvent> {
        self.pending.extend(chunk.iter().filter(|b| **b != b'\r'));
        let mut events = Vec::new();
        while let Some(end) = self.pending.windows(2).position(|w| w == b"\n\n") {
            let frame: Vec<u8> = self.pending.drain(..end + 2).collect();
            if let Some(event) = parse_frame(&String::from_utf8_lossy(&frame[..end])) {
                events.push(event);
            }
        }
        events
    }
}

fn parse_frame(frame: &str) -> Option<SseEvent> {
    let mut event = None;
    let mut data: Option<String> = None;
    for line in frame.lines() {
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => event = Some(value.to_owned()),
            "data" => match &mut data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => data = Some(value.to_owned()),
            },
            _ => {}
        }
    }
    data.map(|data| SseEvent { event, data })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_come_whole_whatever_the_chunks() {
        let body =
            "event: message_start\ndata: {\"a\":1}\n\n: keep-alive\n\ndata: ñandú\r\ndata: dos\r\n\r\ndata: [DONE]\n\n";
        let expected = vec![
            SseEvent { event: Some("message_start".into()), data: "{\"a\":1}".into() },
            SseEvent { event: None, data: "ñandú\ndos".into() },
            SseEvent { event: None, data: "[DONE]".into() },
        ];
        for size in [1, 2, 3, 7, body.len()] {
            let mut decoder = SseDecoder::default();
            let events: Vec<SseEvent> = body.as_bytes().chunks(size).flat_map(|chunk| decoder.push(chunk)).collect();
            assert_eq!(events, expected, "chunks of {size} bytes");
        }
    }

    #[test]
    fn an_unfinished_frame_waits_for_its_end() {
        let mut decoder = SseDecoder::default();
        assert!(decoder.push(b"data: half").is_empty());
        assert_eq!(decoder.push(b"\n\n"), vec![SseEvent { event: None, data: "half".into() }]);
    }
}
