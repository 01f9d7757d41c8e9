from training.catalogue import MODULES, build_agenda


def test_build_agenda_spreads_modules_over_days_in_order_with_times():
    keys = [m.key for m in MODULES]
    plan = build_agenda(keys, 3)
    assert [d["day"] for d in plan] == [1, 2, 3]
    assert all(d["items"] for d in plan)
    assert [i["module"].key for d in plan for i in d["items"]] == keys
    first = plan[0]["items"]
    assert first[0]["start"] == "09:00" and first[0]["end"] == "11:30"
    assert first[1]["start"] == "11:45"  # a 15-minute break
    assert max(d["minutes"] for d in plan) - min(d["minutes"] for d in plan) <= 150


def test_build_agenda_clamps_days_and_ignores_unknown_modules():
    assert len(build_agenda(["systems", "teleportation"], 9)) == 3
    one = build_agenda(["roles", "systems"], 0)
    assert len(one) == 1 and [i["module"].key for i in one[0]["items"]] == ["systems", "roles"]
