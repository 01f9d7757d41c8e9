from search.query import MAX_TERMS, highlight, mark_terms, parse


def test_parse_websearch_syntax():
    parsed = parse('water "river basin" -drought flood OR storm')
    assert parsed.groups == [["water"], ["river basin"], ["flood", "storm"]]
    assert parsed.excluded == ["drought"]


def test_parse_odd_input():
    assert not parse("")
    assert not parse("-only")
    assert not parse('"" OR - !!!')
    assert parse('"unterminated phrase').groups == [["unterminated phrase"]]
    assert parse("<script>").groups == [["script"]]
    assert len(parse(" ".join(f"w{i}" for i in range(100))).positive_terms) == MAX_TERMS


def test_mark_terms_escapes_everything_else():
    assert mark_terms("a <b> & water", ["water"]) == "a &lt;b&gt; &amp; <mark>water</mark>"
    assert mark_terms("Water amp &", ["amp"]) == "Water <mark>amp</mark> &amp;"
    assert mark_terms("river  basin", ["river basin"]) == "<mark>river  basin</mark>"


def test_highlight_centres_on_first_hit():
    text = " ".join(["filler"] * 100) + " the aquifer is full " + " ".join(["tail"] * 100)
    snippet = highlight(text, ["aquifer"], words=20)
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>aquifer</mark>" in snippet
