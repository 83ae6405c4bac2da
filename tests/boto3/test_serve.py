"""boto3 against `guardrail serve`: AWS's own Python client, unchanged.

Run by .ci/run: `python tests/boto3/test_serve.py URL [URL_WITH_POLICIES_DIR [URL_WITH_REQUIRE_AUTH]]`;
the last server runs `--require-auth` with the key `AKIDTEST secret-test`.
Prints one line per check and a closing `N passed, N failed` line; exits 1 on any failure.
"""

import sys

import boto3
import botocore.config

BASE = sys.argv[1]


def client(url, key="AKIDTEST", secret="secret-test"):
    return boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        endpoint_url=url,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=botocore.config.Config(retries={"max_attempts": 1}),
    )


def apply(c, text, guardrail="gr-any", source="INPUT"):
    return c.apply_guardrail(
        guardrailIdentifier=guardrail,
        guardrailVersion="DRAFT",
        source=source,
        content=[{"text": {"text": text}}],
    )


checks = []


def check(name):
    def wrap(f):
        checks.append((name, f))
        return f

    return wrap


@check("masked answer parses with its PII entity")
def _():
    r = apply(client(BASE), "mail jane@example.com")
    assert r["action"] == "GUARDRAIL_INTERVENED", r
    assert r["outputs"] == [{"text": "mail {EMAIL}"}], r["outputs"]
    pii = r["assessments"][0]["sensitiveInformationPolicy"]["piiEntities"][0]
    assert (pii["type"], pii["action"], pii["match"]) == ("EMAIL", "ANONYMIZED", "jane@example.com"), pii
    assert r["usage"]["sensitiveInformationPolicyUnits"] == 1, r["usage"]


@check("clean answer has action NONE and no outputs")
def _():
    r = apply(client(BASE), "hello there")
    assert r["action"] == "NONE" and r["outputs"] == [], r


@check("blocked answer carries the blocked message")
def _():
    r = apply(client(BASE), "you shit", source="OUTPUT")
    assert r["action"] == "GUARDRAIL_INTERVENED", r
    assert r["outputs"][0]["text"].startswith("Sorry, the answer was withheld"), r["outputs"]


@check("empty text is a typed ValidationException")
def _():
    c = client(BASE)
    try:
        apply(c, "")
    except c.exceptions.ValidationException as e:
        assert e.response["Error"]["Message"] == "content[0].text.text must not be empty", e.response
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        return
    raise AssertionError("no ValidationException")


@check("a body over the limit is a typed ServiceQuotaExceededException")
def _():
    c = client(BASE)
    try:
        apply(c, "a " * 600_000)
    except c.exceptions.ServiceQuotaExceededException:
        return
    raise AssertionError("no ServiceQuotaExceededException")


@check("a bad version is a typed ValidationException")
def _():
    c = client(BASE)
    try:
        c.apply_guardrail(guardrailIdentifier="gr-any", guardrailVersion="0",
                          source="INPUT", content=[{"text": {"text": "x"}}])
    except c.exceptions.ValidationException:
        return
    raise AssertionError("no ValidationException")


if len(sys.argv) > 2:
    @check("an unknown identifier is a typed ResourceNotFoundException")
    def _():
        c = client(sys.argv[2])
        try:
            apply(c, "x", guardrail="gr-unknown")
        except c.exceptions.ResourceNotFoundException:
            return
        raise AssertionError("no ResourceNotFoundException")


if len(sys.argv) > 3:
    AUTH = sys.argv[3]

    @check("with --require-auth, boto3's signature passes (a guardrail ARN in the path too)")
    def _():
        for guardrail in ["gr1", "arn:aws:bedrock:us-east-1:123456789012:guardrail/gr1"]:
            r = apply(client(AUTH), "mail jane@example.com", guardrail=guardrail)
            assert r["outputs"] == [{"text": "mail {EMAIL}"}], r

    @check("with --require-auth, a wrong secret is a typed AccessDeniedException")
    def _():
        c = client(AUTH, secret="not-it")
        try:
            apply(c, "x")
        except c.exceptions.AccessDeniedException as e:
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 403
            assert e.response["Error"]["Message"].startswith(
                "The request signature we calculated does not match"), e.response
            return
        raise AssertionError("no AccessDeniedException")

    @check("with --require-auth, an unknown key is UnrecognizedClientException")
    def _():
        import botocore.exceptions

        c = client(AUTH, key="AKIDNOBODY")
        try:
            apply(c, "x")
        except botocore.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == "UnrecognizedClientException", e.response
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 403
            return
        raise AssertionError("no UnrecognizedClientException")


passed = failed = 0
for name, f in checks:
    try:
        f()
        passed += 1
        print("ok     " + name)
    except Exception as e:  # noqa: BLE001 - report every failure, go on
        failed += 1
        print("FAILED %s: %r" % (name, e))
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
