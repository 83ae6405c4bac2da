//! `--require-auth`: AWS Signature Version 4 checked against configured keys.
//!
//! The canonical request is rebuilt from what arrived, following the
//! client's own `SignedHeaders` list (as AWS does), and signed again with the
//! secret of the named key; HMAC and SHA-256 come from the RustCrypto
//! `hmac`/`sha2` crates (the ones `aws-sigv4` uses). The path is
//! percent-encoded once more, as the SDKs do for every service but S3, so a
//! guardrail ARN (sent as `arn%3Aaws%3A...`) is signed as `arn%253Aaws...`.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use axum::http::{HeaderMap, Method, Uri};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// The SigV4 signing name of Bedrock Runtime (not `bedrock-runtime`).
pub(crate) const SERVICE: &str = "bedrock";

/// How far a request's `x-amz-date` may be from the server's clock (AWS's own limit).
pub(crate) const MAX_SKEW: Duration = Duration::from_secs(15 * 60);

const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Access key id to secret. `Debug` never shows a secret.
#[derive(Default)]
pub(crate) struct AccessKeys {
    keys: HashMap<String, String>,
}

impl fmt::Debug for AccessKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessKeys")
            .field("count", &self.keys.len())
            .finish_non_exhaustive()
    }
}

impl AccessKeys {
    /// Reads `AKID SECRET` lines (blank lines and `#` comments skipped).
    pub(crate) fn from_file(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read access keys {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("in access keys {}", path.display()))
    }

    /// Parses `AKID SECRET` lines; a bad line is named by number, never echoed
    /// (it may hold a secret).
    pub(crate) fn parse(text: &str) -> Result<Self> {
        let mut keys = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let (Some(id), Some(secret), None) = (parts.next(), parts.next(), parts.next()) else {
                bail!("line {}: expected `ACCESS_KEY_ID SECRET_ACCESS_KEY`", n + 1);
            };
            if !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
                bail!("line {}: an access key id is letters and digits", n + 1);
            }
            if keys.insert(id.to_string(), secret.to_string()).is_some() {
                bail!("line {}: access key id {id} given twice", n + 1);
            }
        }
        if keys.is_empty() {
            bail!("no access keys");
        }
        Ok(AccessKeys { keys })
    }
}

/// Why a request was refused, as the AWS error type the SDKs know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Denied {
    /// The access key id is not configured: `UnrecognizedClientException`.
    UnknownKey,
    /// Missing, malformed, stale or wrong signature: `AccessDeniedException`.
    Refused(String),
}

impl Denied {
    /// The `x-amzn-errortype` value.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Denied::UnknownKey => "UnrecognizedClientException",
            Denied::Refused(_) => "AccessDeniedException",
        }
    }

    /// The `message`, in AWS's words where it has them.
    pub(crate) fn message(&self) -> &str {
        match self {
            Denied::UnknownKey => "The security token included in the request is invalid.",
            Denied::Refused(m) => m,
        }
    }
}

fn refused(message: impl Into<String>) -> Denied {
    Denied::Refused(message.into())
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header.
struct Authorization<'a> {
    key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

fn parse_authorization(value: &str) -> Result<Authorization<'_>, Denied> {
    let rest = value
        .strip_prefix(ALGORITHM)
        .filter(|r| r.starts_with(' '))
        .ok_or_else(|| refused(format!("Authorization must use {ALGORITHM}.")))?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (name, value) = part.trim().split_once('=').unwrap_or(("", ""));
        match name {
            "Credential" => credential = Some(value),
            "SignedHeaders" => signed_headers = Some(value),
            "Signature" => signature = Some(value),
            _ => {}
        }
    }
    let missing =
        |what: &str| refused(format!("Authorization header requires '{what}' parameter."));
    let credential = credential.ok_or_else(|| missing("Credential"))?;
    let signed_headers = signed_headers.ok_or_else(|| missing("SignedHeaders"))?;
    let signature = signature.ok_or_else(|| missing("Signature"))?;
    let scope: Vec<&str> = credential.split('/').collect();
    let [key_id, date, region, service, "aws4_request"] = scope[..] else {
        return Err(refused(
            "Credential must be ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request.",
        ));
    };
    Ok(Authorization {
        key_id,
        date,
        region,
        service,
        signed_headers,
        signature,
    })
}

/// Checks the SigV4 signature of a request whose body is `body`, at `now`.
pub(crate) fn verify(
    keys: &AccessKeys,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    now: SystemTime,
) -> Result<(), Denied> {
    let value = headers
        .get("authorization")
        .ok_or_else(|| refused("Missing Authentication Token"))?
        .to_str()
        .map_err(|_| refused("Authorization header is not ASCII."))?;
    let auth = parse_authorization(value)?;
    if auth.service != SERVICE {
        return Err(refused(format!(
            "Credential should be scoped to correct service: '{SERVICE}'."
        )));
    }
    let secret = keys.keys.get(auth.key_id).ok_or(Denied::UnknownKey)?;

    let amz_date = headers
        .get("x-amz-date")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| refused("Missing X-Amz-Date header."))?;
    let signed_at =
        parse_amz_date(amz_date).ok_or_else(|| refused("X-Amz-Date must be YYYYMMDDTHHMMSSZ."))?;
    if !amz_date.starts_with(auth.date) || auth.date.len() != 8 {
        return Err(refused(
            "Credential date does not match the date of X-Amz-Date.",
        ));
    }
    let skew = match now.duration_since(signed_at) {
        Ok(behind) => behind,
        Err(ahead) => ahead.duration(),
    };
    if skew > MAX_SKEW {
        return Err(refused(format!(
            "Signature expired or not yet current: {amz_date} is more than 15 min from the server's time."
        )));
    }

    let signed: Vec<&str> = auth.signed_headers.split(';').collect();
    if !signed.contains(&"host") {
        return Err(refused("'Host' must be a signed header."));
    }
    let canonical = canonical_request(method, uri, headers, &signed, auth.signed_headers, body)?;
    let scope = format!(
        "{}/{}/{}/aws4_request",
        auth.date, auth.region, auth.service
    );
    let string_to_sign = format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let provided = hex::decode(auth.signature)
        .ok()
        .filter(|s| s.len() == 32)
        .ok_or_else(|| refused("Signature must be 64 hexadecimal digits."))?;
    let key = signing_key(secret, auth.date, auth.region, auth.service);
    let mut mac = hmac(&key);
    mac.update(string_to_sign.as_bytes());
    // verify_slice compares in constant time.
    mac.verify_slice(&provided).map_err(|_| {
        refused("The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.")
    })
}

/// `METHOD\nURI\nQUERY\nHEADERS\nSIGNED\nPAYLOAD-HASH`.
fn canonical_request(
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    signed: &[&str],
    signed_list: &str,
    body: &[u8],
) -> Result<String, Denied> {
    let mut out = String::with_capacity(512);
    out.push_str(method.as_str());
    out.push('\n');
    let path = uri.path();
    if path.is_empty() {
        out.push('/');
    } else {
        encode_into(&mut out, path.as_bytes(), true);
    }
    out.push('\n');
    out.push_str(&canonical_query(uri.query().unwrap_or("")));
    out.push('\n');
    for name in signed {
        let mut values = headers.get_all(*name).iter().peekable();
        if values.peek().is_none() {
            return Err(refused(format!("Signed header {name:?} is missing.")));
        }
        out.push_str(name);
        out.push(':');
        for (i, v) in values.enumerate() {
            if i > 0 {
                out.push(',');
            }
            // Trimmed, inner runs of spaces as one (SigV4 canonical values).
            let text = String::from_utf8_lossy(v.as_bytes());
            let mut words = text.split_ascii_whitespace();
            if let Some(first) = words.next() {
                out.push_str(first);
                for w in words {
                    out.push(' ');
                    out.push_str(w);
                }
            }
        }
        out.push('\n');
    }
    out.push('\n');
    out.push_str(signed_list);
    out.push('\n');
    out.push_str(&hex::encode(Sha256::digest(body)));
    Ok(out)
}

/// Query parameters decoded, encoded again strictly and sorted.
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let mut key = String::new();
            let mut value = String::new();
            encode_into(&mut key, &percent_decode(k), false);
            encode_into(&mut value, &percent_decode(v), false);
            (key, value)
        })
        .collect();
    pairs.sort();
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

/// SigV4's URI encoding: unreserved bytes as they are, the rest `%XX`.
fn encode_into(out: &mut String, bytes: &[u8], keep_slash: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in bytes {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'_' | b'.' | b'~')
            || (keep_slash && b == b'/')
        {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (b[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn hmac(key: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length, so this never fails.
    #[allow(clippy::expect_used)]
    Hmac::<Sha256>::new_from_slice(key).expect("invariant: HMAC accepts any key length")
}

/// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
    let mut key = format!("AWS4{secret}").into_bytes();
    for part in [date, region, service, "aws4_request"] {
        let mut mac = hmac(&key);
        mac.update(part.as_bytes());
        key = mac.finalize().into_bytes().to_vec();
    }
    key
}

/// `YYYYMMDDTHHMMSSZ` (SigV4's basic ISO 8601 form, UTC) as a time.
fn parse_amz_date(s: &str) -> Option<SystemTime> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let d = b.get(r)?;
        d.iter().all(u8::is_ascii_digit).then_some(())?;
        std::str::from_utf8(d).ok()?.parse().ok()
    };
    let (y, m, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hh, mm, ss) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let secs = days_from_civil(y, m, d) * 86_400 + hh * 3600 + mm * 60 + ss;
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).ok()?))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// AWS's documented example (IAM ListUsers, "Create a signed AWS API request").
    fn example(signature: &str) -> (Method, Uri, HeaderMap) {
        let mut headers = HeaderMap::new();
        headers.insert("host", "iam.amazonaws.com".parse().unwrap());
        headers.insert(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8"
                .parse()
                .unwrap(),
        );
        headers.insert("x-amz-date", "20150830T123600Z".parse().unwrap());
        headers.insert(
            "authorization",
            format!("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/{SERVICE}/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature={signature}")
                .parse()
                .unwrap(),
        );
        let uri: Uri = "/?Version=2010-05-08&Action=ListUsers".parse().unwrap();
        (Method::GET, uri, headers)
    }

    /// The canonical request of [`example`] (its signature does not enter it).
    fn example_canonical() -> String {
        let (method, uri, headers) = example("");
        canonical_request(
            &method,
            &uri,
            &headers,
            &["content-type", "host", "x-amz-date"],
            "content-type;host;x-amz-date",
            b"",
        )
        .unwrap()
    }

    fn keys() -> AccessKeys {
        AccessKeys::parse("# test key\nAKIDEXAMPLE wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n")
            .unwrap()
    }

    fn at(s: &str) -> SystemTime {
        parse_amz_date(s).unwrap()
    }

    #[test]
    fn the_signing_key_and_canonical_request_match_aws_documentation() {
        // The documented request is for `iam`; only the service name differs.
        let key = signing_key(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "20150830",
            "us-east-1",
            "iam",
        );
        assert_eq!(
            hex::encode(key),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
        );
        let canonical = example_canonical();
        assert_eq!(
            hex::encode(Sha256::digest(canonical.as_bytes())),
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59"
        );
    }

    #[test]
    fn a_signature_made_with_the_secret_passes_and_any_change_fails() {
        let canonical = example_canonical();
        let scope = format!("20150830/us-east-1/{SERVICE}/aws4_request");
        let sts = format!(
            "{ALGORITHM}\n20150830T123600Z\n{scope}\n{}",
            hex::encode(Sha256::digest(canonical.as_bytes()))
        );
        let mut mac = hmac(&signing_key(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "20150830",
            "us-east-1",
            SERVICE,
        ));
        mac.update(sts.as_bytes());
        let good = hex::encode(mac.finalize().into_bytes());
        let now = at("20150830T123900Z");
        let (m, u, h) = example(&good);
        assert_eq!(verify(&keys(), &m, &u, &h, b"", now), Ok(()));

        let (m, u, h) = example(&good);
        let other_body = verify(&keys(), &m, &u, &h, b"x", now).unwrap_err();
        assert_eq!(other_body.kind(), "AccessDeniedException");
        assert!(other_body
            .message()
            .starts_with("The request signature we calculated"));

        let (m, _, h) = example(&good);
        let other_query: Uri = "/?Action=ListUsers&Version=2010-05-09".parse().unwrap();
        assert!(verify(&keys(), &m, &other_query, &h, b"", now).is_err());

        let (m, u, h) = example(&good);
        let late = verify(&keys(), &m, &u, &h, b"", at("20150830T125200Z")).unwrap_err();
        assert!(late.message().starts_with("Signature expired"), "{late:?}");
        let (m, u, h) = example(&good);
        assert_eq!(
            verify(&keys(), &m, &u, &h, b"", at("20150830T125000Z")),
            Ok(())
        );

        let (m, u, mut h) = example(&good);
        h.insert(
            "authorization",
            h["authorization"]
                .to_str()
                .unwrap()
                .replace("AKIDEXAMPLE", "AKIDOTHER")
                .parse()
                .unwrap(),
        );
        assert_eq!(
            verify(&keys(), &m, &u, &h, b"", now),
            Err(Denied::UnknownKey)
        );

        let (m, u, mut h) = example(&good);
        h.remove("authorization");
        assert_eq!(
            verify(&keys(), &m, &u, &h, b"", now),
            Err(refused("Missing Authentication Token"))
        );
    }

    #[test]
    fn paths_are_encoded_again_as_the_sdks_sign_them() {
        let mut out = String::new();
        encode_into(
            &mut out,
            b"/guardrail/arn%3Aaws%3Abedrock/version/1/apply",
            true,
        );
        assert_eq!(out, "/guardrail/arn%253Aaws%253Abedrock/version/1/apply");
        assert_eq!(canonical_query("b=2&a=%20x&a=1"), "a=%20x&a=1&b=2");
    }

    #[test]
    fn key_files_are_checked_and_never_echo_a_line() {
        assert!(AccessKeys::parse("").is_err());
        let err = AccessKeys::parse("AKID1 s3cr3t extra")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "line 1: expected `ACCESS_KEY_ID SECRET_ACCESS_KEY`");
        let keys = AccessKeys::parse("AKID1 s3cr3t\n\nAKID2 other").unwrap();
        assert_eq!(format!("{keys:?}"), "AccessKeys { count: 2, .. }");
    }

    #[test]
    fn amz_dates_parse_to_unix_time() {
        assert_eq!(at("19700101T000000Z"), UNIX_EPOCH);
        assert_eq!(
            at("20150830T123600Z")
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_secs(),
            1_440_938_160
        );
        assert_eq!(parse_amz_date("2015-08-30T12:36:00Z"), None);
        assert_eq!(parse_amz_date("20151330T123600Z"), None);
    }
}
