//! Local stand-ins for the providers that cannot run here (DESIGN §5), each following its
//! provider's published API.

pub mod llm;
pub mod payments;
pub mod transcription;

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpServer, web};

/// A fake's HTTP server on a free loopback port, one worker, stopped when dropped.
pub struct Served {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub url: String,
    handle: ServerHandle,
}

/// Serves the routes and app data `configure` sets up.
pub fn serve(configure: impl Fn(&mut web::ServiceConfig) + Clone + Send + 'static) -> Served {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port for a fake");
    let url = format!("http://127.0.0.1:{}", listener.local_addr().expect("the fake's address").port());
    let server = HttpServer::new(move || App::new().configure(configure.clone()))
        .workers(1)
        .disable_signals()
        .listen(listener)
        .expect("the fake listens")
        .run();
    let handle = server.handle();
    tokio::spawn(server);
    Served { url, handle }
}

impl Drop for Served {
    fn drop(&mut self) {
        // `stop` sends its command when called; the future it returns only waits for the workers
        // to finish, which a drop cannot wait for (and need not: they release the port when done).
        drop(self.handle.stop(false));
    }
}
