//! Who is on the other end of a request, as far as it can be trusted.

use std::net::IpAddr;

use actix_web::{HttpRequest, web};

/// Proxies (load balancers) whose `X-Forwarded-For` is believed. Empty: the TCP peer is the client.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<IpAddr>);

/// The client's IP address: the TCP peer, unless the peer is a trusted proxy, in which case the
/// right-most `X-Forwarded-For` hop that is not itself a trusted proxy (hops further left are
/// written by the client and can be forged).
pub fn client_ip(req: &HttpRequest) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    let trusted = req.app_data::<web::Data<TrustedProxies>>().map(|t| t.0.as_slice()).unwrap_or_default();
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let hops: Vec<IpAddr> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|hop| hop.trim().parse().ok())
        .collect();
    Some(hops.into_iter().rev().find(|hop| !trusted.contains(hop)).unwrap_or(peer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn request(trusted: &[&str], forwarded: &str) -> HttpRequest {
        let proxies = TrustedProxies(trusted.iter().map(|ip| ip.parse().unwrap()).collect());
        TestRequest::default()
            .peer_addr("10.0.0.2:4000".parse().unwrap())
            .insert_header(("x-forwarded-for", forwarded))
            .app_data(web::Data::new(proxies))
            .to_http_request()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        assert_eq!(client_ip(&request(&[], "203.0.113.7")), Some("10.0.0.2".parse().unwrap()));
    }

    #[test]
    fn behind_a_trusted_proxy_the_last_untrusted_hop_is_the_client() {
        let req = request(&["10.0.0.2", "10.0.0.3"], "198.51.100.1, 203.0.113.7, 10.0.0.3");
        assert_eq!(client_ip(&req), Some("203.0.113.7".parse().unwrap()));
    }

    #[test]
    fn garbage_hops_fall_back_to_the_peer() {
        assert_eq!(client_ip(&request(&["10.0.0.2"], "not-an-ip")), Some("10.0.0.2".parse().unwrap()));
    }
}
