//! JSON logs on stdout; spans also exported over OTLP/HTTP when an endpoint is configured.

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::WithExportConfig;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, fmt};

/// Keeps the exporter alive; dropping it flushes pending spans.
pub struct Telemetry(Option<SdkTracerProvider>);

impl Drop for Telemetry {
    fn drop(&mut self) {
        if let Some(Err(error)) = self.0.take().map(|provider| provider.shutdown()) {
            eprintln!("telemetry: flushing spans failed: {error}");
        }
    }
}

/// Batches spans to an OTLP/HTTP collector (`{endpoint}/v1/traces`, protobuf).
pub fn tracer_provider(endpoint: &str) -> Result<SdkTracerProvider, String> {
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_endpoint(format!("{}/v1/traces", endpoint.trim_end_matches('/')))
        .build()
        .map_err(|e| format!("OTEL_EXPORTER_OTLP_ENDPOINT: cannot build the exporter: {e}"))?;
    Ok(SdkTracerProvider::builder().with_batch_exporter(exporter).build())
}

/// Installs the global subscriber. `RUST_LOG` filters (default `info`).
pub fn init(otlp_endpoint: Option<&str>) -> Result<Telemetry, String> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let json = fmt::layer().json().with_current_span(true).with_span_list(false).with_target(true);
    let provider = otlp_endpoint.map(tracer_provider).transpose()?;
    let otel = provider.as_ref().map(|p| tracing_opentelemetry::layer().with_tracer(p.tracer("entrevistador")));
    tracing_subscriber::registry()
        .with(filter)
        .with(json)
        .with(otel)
        .try_init()
        .map_err(|e| format!("cannot install the log subscriber: {e}"))?;
    Ok(Telemetry(provider))
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;

    use opentelemetry::trace::{Tracer, TracerProvider as _};

    /// A one-request OTLP/HTTP collector on loopback: answers 200 and hands back what it received.
    fn collector() -> (String, std::thread::JoinHandle<(String, String, usize)>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream);
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let (mut content_type, mut length) = (String::new(), 0);
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap();
                match name.to_ascii_lowercase().as_str() {
                    "content-type" => content_type = value.trim().to_owned(),
                    "content-length" => length = value.trim().parse().unwrap(),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let mut stream = reader.into_inner();
            stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").unwrap();
            (request_line, content_type, body.len())
        });
        (endpoint, handle)
    }

    #[test]
    fn spans_reach_the_otlp_collector() {
        let (endpoint, received) = collector();
        let provider = super::tracer_provider(&endpoint).unwrap();
        provider.tracer("test").in_span("registrar-usuario", |_| {});
        provider.shutdown().unwrap();
        let (request_line, content_type, body_len) = received.join().unwrap();
        assert!(request_line.starts_with("POST /v1/traces "), "{request_line}");
        assert_eq!(content_type, "application/x-protobuf");
        assert!(body_len > 0);
    }
}
