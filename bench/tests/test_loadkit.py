"""The load and faults suites' bookkeeping (no server needed): outcomes and percentiles."""

from bench import loadkit


def test_requests_are_classified_with_503s_apart_from_other_5xx():
    rows = [{"name": "thread page", "code": c, "ms": 5} for c in (200, 302, 404, 429, 503, 503, 500, 502, 0)]
    rows.append({"name": "ws heartbeat", "code": 101, "ms": 0, "thread": 1, "number": 4})  # not a request
    counts = loadkit.classify(rows)
    assert counts["total"] == 9
    assert (counts["ok"], counts["4xx"], counts["429"], counts["503"], counts["5xx"], counts["no answer"]) == (
        2, 1, 1, 2, 2, 1,
    )  # fmt: skip
    assert "503 2" in loadkit.describe(counts) and "5xx 2" in loadkit.describe(counts)


def test_percentiles_and_the_integrity_verdict():
    assert loadkit.percentile([], 50) == 0.0
    assert loadkit.percentile([1, 2, 3, 4, 5], 50) == 3
    good = {"accepted": 3, "missing": [], "duplicated": [], "unacknowledged": 0, "pages_checked": 3,
            "not_on_page": [], "bad_counters": []}  # fmt: skip
    assert "integrity: OK" in loadkit.integrity_lines(good)[0]
    bad = {**good, "duplicated": ["LT-1"], "bad_counters": ["thread 1: post_count 3/4, reply_count 2/2"]}
    lines = loadkit.integrity_lines(bad)
    assert "FAILED" in lines[0] and "stored twice 1" in lines[0] and "thread 1" in lines[1]
