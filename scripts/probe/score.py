#!/usr/bin/env python3
"""Score guardrail output against probe gold. Usage: score.py gold.jsonl pred.jsonl [--examples N]"""
import json, sys, collections

gold = [json.loads(l) for l in open(sys.argv[1])]
pred = {}
for l in open(sys.argv[2]):
    o = json.loads(l); pred[o["id"]] = o.get("findings", [])
NEX = int(sys.argv[sys.argv.index("--examples") + 1]) if "--examples" in sys.argv else 10

def iou(a, b):
    inter = max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))
    uni = max(a["end"], b["end"]) - min(a["start"], b["start"])
    return inter / uni if uni else 0

C = collections.defaultdict(lambda: collections.Counter())
fn_ex = collections.defaultdict(list); fp_ex = collections.defaultdict(list); part_ex = collections.defaultdict(list)
neg_flag = 0; neg_total = 0; neg_by = collections.Counter(); neg_by_total = collections.Counter()

def ctx(text, s, e, w=45):
    b = text.encode()
    return (b[max(0, s - w):s].decode(errors="ignore") + "⟦" + b[s:e].decode(errors="ignore") + "⟧" + b[e:e + w].decode(errors="ignore")).replace("\n", "⏎")

for r in gold:
    t = r["text"]; P = [dict(p) for p in pred.get(r["id"], [])]; G = r["spans"]
    if r["kind"] == "negative":
        neg_total += 1; neg_by_total[r["looks_like"]] += 1
        if P: neg_flag += 1; neg_by[r["looks_like"]] += 1
    used = set(); gstat = {}
    # pass 1 exact, pass 2 iou>=.5, pass 3 any overlap (same type)
    for mode in ("exact", "iou", "partial"):
        for gi, g in enumerate(G):
            if gi in gstat: continue
            best = None
            for pi, p in enumerate(P):
                if pi in used or p["type"] != g["type"]: continue
                o = iou(g, p)
                ok = (p["start"] == g["start"] and p["end"] == g["end"]) if mode == "exact" else (o >= 0.5 if mode == "iou" else o > 0)
                if ok and (best is None or o > best[1]): best = (pi, o)
            if best:
                used.add(best[0]); gstat[gi] = (mode, best[0])
    for gi, g in enumerate(G):
        key = g["type"]; tag = g.get("tag", "ok")
        C[key]["gold"] += 1; C[key]["gold_" + tag] += 1
        if gi in gstat:
            mode, pi = gstat[gi]; C[key][mode] += 1
            if mode != "exact":
                p = P[pi]
                part_ex[key].append(f"[{r['id']}] gold {ctx(t, g['start'], g['end'])}  | found {p['type']}:'{p['match']}'")
        else:
            C[key]["fn"] += 1; C[key]["fn_" + tag] += 1
            others = [p for p in P if iou(g, p) > 0]
            o = "; found instead " + ", ".join(f"{p['type']}:'{p['match']}'" for p in others) if others else ""
            fn_ex[key].append(f"[{r['id']} {r['style']} {tag}] {ctx(t, g['start'], g['end'])}{o}")
    for pi, p in enumerate(P):
        if pi in used: continue
        C[p["type"]]["fp"] += 1
        wrong = [g for g in G if iou(g, p) > 0]
        if wrong: C[p["type"]]["fp_wrongtype"] += 1
        lab = ("wrong type, gold " + ",".join(g["type"] for g in wrong)) if wrong else (r.get("looks_like") or "unlabelled")
        fp_ex[p["type"]].append(f"[{r['id']} {r['style']}] {ctx(t, p['start'], p['end'])} ({lab})")

types = sorted(C)
print(f"{'type':40s} {'gold':>5s} {'exact':>5s} {'iou50':>5s} {'part':>5s} {'FN':>4s} {'FN-amb/hard':>11s} {'FP':>4s} {'P':>5s} {'R':>5s} {'F1':>5s} {'exF1':>5s}")
tot = collections.Counter()
for ty in types:
    c = C[ty]; tp = c["exact"] + c["iou"]
    P_ = tp / (tp + c["fp"] + c["partial"]) if tp + c["fp"] + c["partial"] else 0
    R_ = tp / c["gold"] if c["gold"] else 0
    F = 2 * P_ * R_ / (P_ + R_) if P_ + R_ else 0
    eP = c["exact"] / (tp + c["fp"] + c["partial"]) if tp + c["fp"] + c["partial"] else 0
    eR = c["exact"] / c["gold"] if c["gold"] else 0
    eF = 2 * eP * eR / (eP + eR) if eP + eR else 0
    for k in c: tot[k] += c[k]
    print(f"{ty:40s} {c['gold']:5d} {c['exact']:5d} {c['iou']:5d} {c['partial']:5d} {c['fn']:4d} {str(c['fn_amb'])+'/'+str(c['fn_hard']):>11s} {c['fp']:4d} {P_:5.2f} {R_:5.2f} {F:5.2f} {eF:5.2f}")
tp = tot["exact"] + tot["iou"]
P_ = tp / (tp + tot["fp"] + tot["partial"]); R_ = tp / tot["gold"]
print(f"{'TOTAL':40s} {tot['gold']:5d} {tot['exact']:5d} {tot['iou']:5d} {tot['partial']:5d} {tot['fn']:4d} {str(tot['fn_amb'])+'/'+str(tot['fn_hard']):>11s} {tot['fp']:4d} {P_:5.2f} {R_:5.2f} {2*P_*R_/(P_+R_):5.2f}")
print(f"\nnegative records flagged: {neg_flag}/{neg_total}")
for k in sorted(neg_by_total): print(f"  {k:30s} {neg_by[k]}/{neg_by_total[k]}")
if "--noex" in sys.argv: sys.exit()
for title, D in (("FALSE NEGATIVES", fn_ex), ("PARTIAL / NON-EXACT SPANS", part_ex), ("FALSE POSITIVES", fp_ex)):
    print("\n==== " + title)
    for ty in sorted(D):
        print(f"-- {ty} ({len(D[ty])})")
        for e in D[ty][:NEX]: print("   " + e)
