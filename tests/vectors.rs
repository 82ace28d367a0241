//! Vector tests: RFC 7638 / RFC 9449 examples and WWW-Authenticate cases, kept as data in
//! tests/vectors/*.json (each with its source) and loaded with include_str!.
#![cfg(not(target_arch = "wasm32"))]

use dpop_spa::core::{b64, challenge, htu::Htu, jwk::{thumbprint_input, EcPublicJwk}, proof::*};
use serde_json::Value;
use sha2::{Digest, Sha256};

const RFC: &str = include_str!("vectors/rfc.json");
const WWW: &str = include_str!("vectors/www_authenticate.json");

fn sha256_b64(data: &[u8]) -> String {
    b64::encode(&Sha256::digest(data))
}

fn decode_json(part: &str) -> Value {
    serde_json::from_slice(&b64::decode(part).expect("base64url")).expect("json")
}

#[test]
fn rfc_thumbprints() {
    let v: Value = serde_json::from_str(RFC).unwrap();
    for t in v["thumbprints"].as_array().unwrap() {
        let members: Vec<(&str, &str)> =
            t["members"].as_object().unwrap().iter().map(|(k, v)| (k.as_str(), v.as_str().unwrap())).collect();
        assert_eq!(sha256_b64(thumbprint_input(&members).as_bytes()), t["thumbprint"].as_str().unwrap(), "{}", t["source"]);
        if t["members"]["kty"] == "EC" {
            let jwk = EcPublicJwk::new(t["members"]["x"].as_str().unwrap(), t["members"]["y"].as_str().unwrap()).unwrap();
            assert_eq!(sha256_b64(jwk.thumbprint_input().as_bytes()), t["thumbprint"].as_str().unwrap());
        }
    }
}

#[test]
fn rfc_ath() {
    let v: Value = serde_json::from_str(RFC).unwrap();
    for a in v["ath"].as_array().unwrap() {
        let token = a["access_token"].as_str().unwrap();
        assert!(check_access_token(token).is_ok());
        assert_eq!(sha256_b64(token.as_bytes()), a["ath"].as_str().unwrap(), "{}", a["source"]);
    }
}

/// Our header and claims for the RFC's key and claim values equal the RFC's proofs as JSON.
#[test]
fn rfc_proofs_rebuilt() {
    let v: Value = serde_json::from_str(RFC).unwrap();
    for p in v["proofs"].as_array().unwrap() {
        let src = p["source"].as_str().unwrap();
        let parts: Vec<&str> = p["jwt"].as_str().unwrap().split('.').collect();
        let (header, claims) = (decode_json(parts[0]), decode_json(parts[1]));
        assert_eq!(header, p["header"], "{src}");
        assert_eq!(claims, p["claims"], "{src}");
        assert_eq!(b64::decode(parts[2]).unwrap().len(), 64, "ES256 signatures are raw r||s");

        let jwk = EcPublicJwk::new(header["jwk"]["x"].as_str().unwrap(), header["jwk"]["y"].as_str().unwrap()).unwrap();
        assert_eq!(decode_json(&jwk.proof_header_b64()), header, "{src}");

        let htu = Htu::parse(claims["htu"].as_str().unwrap()).unwrap();
        assert_eq!(htu.as_str(), claims["htu"], "the RFC's htu values are already normal");
        let c = ProofClaims {
            jti: claims["jti"].as_str().unwrap(),
            htm: claims["htm"].as_str().unwrap(),
            htu: &htu,
            iat: claims["iat"].as_u64().unwrap(),
            ath: claims["ath"].as_str(),
            nonce: claims["nonce"].as_str(),
        };
        assert_eq!(serde_json::from_str::<Value>(&claims_json(&c)).unwrap(), claims, "{src}");
    }
}

#[test]
fn www_authenticate_cases() {
    let v: Value = serde_json::from_str(WWW).unwrap();
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.len() >= 100);
    for case in cases {
        let desc = case["description"].as_str().unwrap();
        let header = case["header"].as_str().unwrap().repeat(case["repeat"].as_u64().unwrap_or(1) as usize);
        let got = challenge::parse(&header);
        // dpop_error follows parse: the first well-formed DPoP challenge's `error`, if any.
        let dpop_error = case["expected"].as_array().and_then(|cs| cs.iter().find(|c| c["scheme"] == "dpop")).and_then(|c| {
            c["params"].as_array().unwrap().iter().find(|p| p[0] == "error").map(|p| p[1].as_str().unwrap().to_owned())
        });
        assert_eq!(challenge::dpop_error(&header), dpop_error, "dpop_error: {desc}: {header:.60}");
        if let Some(code) = case["error"].as_str() {
            assert_eq!(got.map_err(|e| e.code()).err(), Some(code), "{desc}: {header:.60}");
            continue;
        }
        let got = got.unwrap_or_else(|e| panic!("{desc}: {header:.60}: {e:?}"));
        let got: Vec<Value> = got
            .iter()
            .map(|c| {
                let params: Vec<Value> = c.params.iter().map(|(k, v)| serde_json::json!([k, v])).collect();
                serde_json::json!({"scheme": c.scheme, "token68": c.token68, "params": params})
            })
            .collect();
        assert_eq!(Value::Array(got), case["expected"], "{desc}: {header}");
    }
}
