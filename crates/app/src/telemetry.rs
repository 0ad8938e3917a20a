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

/// Installs the global subscriber. `RUST_LOG` filters (default `info`).
pub fn init(otlp_endpoint: Option<&str>) -> Result<Telemetry, String> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let json = fmt::layer().json().with_current_span(true).with_span_list(false).with_target(true);
    let provider = match otlp_endpoint {
        Some(endpoint) => {
            let exporter = opentelemetry_otlp::SpanExporter::builder()
                .with_http()
                .with_endpoint(format!("{}/v1/traces", endpoint.trim_end_matches('/')))
                .build()
                .map_err(|e| format!("OTEL_EXPORTER_OTLP_ENDPOINT: cannot build the exporter: {e}"))?;
            Some(SdkTracerProvider::builder().with_batch_exporter(exporter).build())
        }
        None => None,
    };
    let otel = provider.as_ref().map(|p| tracing_opentelemetry::layer().with_tracer(p.tracer("entrevistador")));
    tracing_subscriber::registry()
        .with(filter)
        .with(json)
        .with(otel)
        .try_init()
        .map_err(|e| format!("cannot install the log subscriber: {e}"))?;
    Ok(Telemetry(provider))
}
