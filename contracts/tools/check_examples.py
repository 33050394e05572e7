#!/usr/bin/env python3
"""Recomputes the legacy messages of every example pair from its event and compares them with the
file, member order and every digit included; checks the invalid examples whose fault JSON Schema
cannot express. Python 3.8+, standard library only:

    python3 contracts/tools/check_examples.py [contracts-dir]

This is a reference reading of shared/spec/events.md section 3, not the gateway. The last line
reads "N passed, N failed"; the exit code is 1 when something failed.
"""
import calendar, hashlib, json, os, re, sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
INT64_MAX = 2**63 - 1
MAX_MESSAGE_BYTES = 262144  # default acl.events.max-message-bytes
RFC3339 = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
                     r"([Zz]|([+-])([0-9]{2}):([0-9]{2}))$")
ID = re.compile(r"^[1-9][0-9]{0,18}$")
ROLE = {"admin": 1, "member": 2, "readonly": 3}
KIND = {"group": 1, "direct": 2, "self": 3}
CMD = {
    "falcon.room.created.v1": "room_add", "falcon.room.updated.v1": "room_edit",
    "falcon.room.deleted.v1": "room_delete", "falcon.member.added.v1": "member_add",
    "falcon.member.removed.v1": "member_delete", "falcon.message.posted.v1": "chat_add",
    "falcon.message.edited.v1": "chat_edit", "falcon.message.deleted.v1": "chat_delete",
    "falcon.task.created.v1": "task_add", "falcon.task.completed.v1": "task_done",
    "falcon.read.advanced.v1": "chat_read",
}


def unix_seconds(text):
    """RFC 3339 date-time with offset -> integer Unix seconds, rounded down (the fraction is dropped)."""
    m = RFC3339.match(text)
    if not m:
        raise ValueError("not an RFC 3339 date-time with offset: %r" % text)
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    offset = 0
    if m.group(8) not in ("Z", "z"):
        offset = (int(m.group(10)) * 3600 + int(m.group(11)) * 60) * (1 if m.group(9) == "+" else -1)
    # 0 <= fraction < 1, so floor(whole seconds + fraction) is the whole seconds, also before 1970
    return calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0)) - offset


def i64(text):
    if not (isinstance(text, str) and ID.match(text) and int(text) <= INT64_MAX):
        raise ValueError("invalid id %r" % (text,))
    return int(text)


def deduplication_id(eid):
    if len(eid) <= 128 and all(0x21 <= ord(c) <= 0x7E for c in eid):
        return eid
    return hashlib.sha256(eid.encode("utf-8")).hexdigest()


def translate(ev):
    d, t = ev["data"], ev["type"]
    cmd = CMD[t]

    def common(eid, aid):
        return {"cmd": cmd, "ver": 1, "eid": eid, "src": "falcon", "ts": unix_seconds(ev["time"]),
                "rid": i64(d["roomId"]), "aid": i64(aid)}

    bodies = []
    if t == "falcon.room.created.v1":
        b = common(ev["id"], d["creatorId"])
        b.update(type=KIND[d["kind"]], name=d["name"], description=d.get("description") or "",
                 members=[{"aid": i64(m["accountId"]), "role": ROLE[m["role"]]} for m in d["members"]])
        bodies.append(b)
    elif t == "falcon.room.updated.v1":
        b = common(ev["id"], d["actorId"])
        for k in ("name", "description"):
            if d["changes"].get(k) is not None:
                b[k] = d["changes"][k]
        bodies.append(b)
    elif t == "falcon.room.deleted.v1":
        bodies.append(common(ev["id"], d["actorId"]))
    elif t == "falcon.member.added.v1":
        b = common(ev["id"], d["actorId"])
        b.update(target_aid=i64(d["accountId"]), role=ROLE[d["role"]])
        bodies.append(b)
    elif t == "falcon.member.removed.v1":
        b = common(ev["id"], d["actorId"])
        b.update(target_aid=i64(d["accountId"]))
        bodies.append(b)
    elif t in ("falcon.message.posted.v1", "falcon.message.edited.v1"):
        b = common(ev["id"], d["authorId" if t == "falcon.message.posted.v1" else "editorId"])
        b.update(mid=i64(d["messageId"]), body=d["body"])
        bodies.append(b)
    elif t == "falcon.message.deleted.v1":
        b = common(ev["id"], d["actorId"])
        b.update(mid=i64(d["messageId"]))
        bodies.append(b)
    elif t == "falcon.task.created.v1":
        for n, assignee in enumerate(d["assigneeIds"], start=1):
            b = common("%s#%d" % (ev["id"], n), d["creatorId"])
            b.update(tid=i64(d["taskId"]), to_aid=i64(assignee), body=d["body"],
                     limit_time=0 if d["dueAt"] is None else unix_seconds(d["dueAt"]),
                     mid=i64(d["messageId"]) if d.get("messageId") is not None else 0)
            bodies.append(b)
    elif t == "falcon.task.completed.v1":
        b = common(ev["id"], d["accountId"])
        b.update(tid=i64(d["taskId"]))
        bodies.append(b)
    elif t == "falcon.read.advanced.v1":
        b = common(ev["id"], d["accountId"])
        b.update(mid=i64(d["lastReadMessageId"]))
        bodies.append(b)
    out = []
    for b in bodies:
        attributes = {"cmd": b["cmd"], "eid": b["eid"]}
        if "traceparent" in ev:
            attributes["traceparent"] = ev["traceparent"]
        out.append({"body": b, "attributes": attributes, "groupId": str(b["rid"]),
                    "deduplicationId": deduplication_id(b["eid"])})
    return out


def message_bytes(message):
    """Body (compact UTF-8 JSON) plus attribute names, data types and values, as SQS counts them."""
    size = len(json.dumps(message["body"], ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    for k, v in message["attributes"].items():
        size += len(k.encode()) + len(b"String") + len(v.encode("utf-8"))
    return size


def ordered(text):
    """Parses JSON keeping member order (lists of pairs) and exact integers."""
    return json.loads(text, object_pairs_hook=lambda pairs: [("__obj__", None)] + pairs)


def main():
    passed = failed = 0

    def check(cond, name, why=""):
        nonlocal passed, failed
        if cond:
            passed += 1
        else:
            failed += 1
            print("FAIL %s: %s" % (name, why))

    ex_dir = os.path.join(ROOT, "examples")
    valid = sorted(f for f in os.listdir(ex_dir) if f.endswith(".json"))
    for f in valid:
        text = open(os.path.join(ex_dir, f), encoding="utf-8").read()
        x = json.loads(text)
        try:
            want = translate(x["event"])
        except Exception as e:  # noqa: BLE001
            check(False, f, "cannot translate: %r" % e)
            continue
        want_text = json.dumps(want, ensure_ascii=False)
        got_text = json.dumps(x["messages"], ensure_ascii=False)
        check(ordered(want_text) == ordered(got_text), f + " messages", "expected " + want_text[:400])
        for m in x["messages"]:
            check(message_bytes(m) <= MAX_MESSAGE_BYTES, f + " size", message_bytes(m))
            check(m["body"]["ts"] >= 0, f + " ts >= 0")
        # ids are written with every digit in the file itself
        for m in x["messages"]:
            check(re.search(r'"rid": %s\b' % m["groupId"], text) is not None, f + " rid digits", m["groupId"])

    inv_dir = os.path.join(ex_dir, "invalid")
    invalid = sorted(os.listdir(inv_dir))
    for f in invalid:
        x = json.loads(open(os.path.join(inv_dir, f), encoding="utf-8").read())
        ev, code = x["event"], x["code"]
        data = ev.get("data", {})
        if code == "invalid_text":
            texts = [data.get(k) for k in ("name", "description", "body")] + [data.get("changes", {}).get(k) for k in ("name", "description")]
            bad = False
            for s in texts:
                if isinstance(s, str):
                    try:
                        s.encode("utf-8")
                    except UnicodeEncodeError:
                        bad = True
            check(bad, f, "no unpaired surrogate found")
        elif code == "body_too_large":
            check(len(data["body"].encode("utf-8")) > 65535, f, "body is not over 65,535 bytes")
        elif code == "message_too_large":
            sizes = [message_bytes(m) for m in translate(ev)]
            check(max(sizes) > MAX_MESSAGE_BYTES, f, "largest message %d bytes" % max(sizes))
        elif code == "invalid_id":
            ids = [v for k, v in data.items() if k.endswith("Id")]
            bad = [v for v in ids if not (isinstance(v, str) and ID.match(v) and int(v) <= INT64_MAX)]
            check(bad, f, "every id is valid")
        elif code == "invalid_time":
            def bad_time(v):  # missing, not a date-time, or before 1970
                try:
                    return unix_seconds(v) < 0
                except (ValueError, TypeError):
                    return True
            check(bad_time(ev.get("time")) or (data.get("dueAt") is not None and bad_time(data["dueAt"])), f, "times are valid")
        else:
            passed += 1  # the JSON Schema check (validate.mjs) covers the others

    print("%d valid examples, %d invalid examples" % (len(valid), len(invalid)))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
