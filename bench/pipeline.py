#!/usr/bin/env python3
"""Reference pipeline in Python (jieba + pandas) for `just bench`.

It does the same work as `jointstat terms`: read the corpus (manifest.csv or a folder), decode
and normalise each file, parse the People's Daily / HTML / plain formats, cut the statement
proper out of the article (news lead, repeated title, signature, trailer) with the same rules as
src/ingest/cut.rs, segment with jieba (HMM on) using the same dictionary file as jieba-rs and the
project's user dictionary and stopwords, and compute per-document term counts, relative
frequencies per 10,000 word tokens, document frequency and TF-IDF (count × log10(N/df)) with
pandas; it writes doc_terms.csv and corpus_terms.csv with the same columns, order and float
format (6 decimals).

Usage: pipeline.py CORPUS OUT --userdict corpus/userdict.txt --stopwords corpus/stopwords.txt
                   [--dict JIEBA_RS_DICT] [--bodies FILE]
"""
import argparse
import csv
import html
import math
import os
import re
import sys

import jieba
import pandas as pd

# ---------------------------------------------------------------- decoding and normalisation

def decode(data):
    if not data:
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "strict")
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le", "strict")
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "strict")
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


FW = {c: chr(c - 0xFEE0) for c in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B))}
FW.update({0x3000: " ", 0xA0: " ", 0x09: " ", 0x2002: " ", 0x2003: " ", ord("○"): "〇", 0xFEFF: ""})


def normalize(text):
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(FW)


SPACES = re.compile(r"[ \u3000\t\u00a0]+")


def clean(line):
    return SPACES.sub(" ", line).strip(" ")


def paragraphs(lines):
    return [p for p in (clean(l) for l in lines) if p]

# ---------------------------------------------------------------- formats

PAGE = re.compile(r"^第\s*(\d+)\s*版\s*[（(]([^）)]*)[）)]\s*$")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_peoples_daily(text):
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not lines[i].lstrip().startswith("###"):
        return "", paragraphs(lines[i:])
    headline = clean(lines[i].lstrip().lstrip("#"))
    i += 1
    header_end = i
    saw_column = False
    for k in range(i, min(i + 8, len(lines))):
        l = lines[k].strip()
        if not l:
            header_end = k + 1
            if saw_column:
                break
            continue
        if ISO.match(l) or PAGE.match(l):
            pass
        elif l.startswith("专栏"):
            saw_column = True
        else:
            break
        header_end = k + 1
    return headline, paragraphs(lines[header_end:])


BLOCK = {"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section", "article", "blockquote", "hr", "title"}
TAG = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|<(/?)([a-zA-Z0-9]*)[^>]*>", re.S | re.I)


def parse_html(text):
    def repl(m):
        if m.group(3) is not None and m.group(3).lower() in BLOCK:
            return "\n"
        return ""
    stripped = TAG.sub(repl, text)
    return "", paragraphs(normalize(html.unescape(stripped)).split("\n"))

# ---------------------------------------------------------------- cutting (src/ingest/cut.rs)

NEWS_DATELINE = re.compile(r"^●?\s*(新华社|本报)[^，。；]{0,40}?[电讯]")
FULL_TEXT = re.compile(r"全文如下\s*[：:]")
AS_FOLLOWS_END = re.compile(r"如下\s*[：:]$")
TRAILING_DATELINE = re.compile(r"^[（(](本报|新华社)[^）)]{0,40}[电讯][）)]$")
PHOTO = re.compile(r"^[（(]?附图片[）)]?")
SECTION_START = re.compile(r"^([一二三四五六七八九十]{1,3})(、|$)")
TITLE_END = re.compile(r"(联合声明|联合公报|建交公报|公报|宣言|声明)(\s*[（(][^）)]*[）)])?$")
TITLE_PREFIX = re.compile(r"^([^，。；：、“”《》（）\s]{4,60}?(联合声明|联合公报|宣言))[\u4e00-\u9fff]")
DIGIT = "〇○零一二三四五六七八九0123456789"
DATE = re.compile(r"^[" + DIGIT + r"]{4}年[" + DIGIT + r"十]+月[" + DIGIT + r"十]+[日号]")
PUNCT = set("。，；！？：“”《》,;")


def has_punct(p):
    return any(c in PUNCT for c in p)


def date_place(p):
    inner = p.strip().lstrip("（(").rstrip("）)").strip()
    m = DATE.match(inner)
    if not m:
        return False
    rest = inner[m.end():].strip().lstrip("于在").strip()
    for suf in ("签订", "签署"):
        if rest.endswith(suf):
            rest = rest[: -len(suf)].strip()
    return len(rest) <= 12 and not has_punct(rest)


def is_title(p, headline, title):
    if SECTION_START.match(p):
        return False
    if p.startswith("●"):
        return True
    if has_punct(p):
        return False
    sq = "".join(p.split())
    if sq and (sq in "".join(headline.split()) or (title and sq in "".join(title.split()))):
        return True
    if TITLE_END.search(p) and len(p) <= 80:
        return True
    if p[:1] in "（(" and p[-1:] in "）)":
        return len(p) <= 40
    return date_place(p)


def cut(paras, headline, title):
    end = len(paras)
    while end > 0:
        lo = max(0, end - 4)
        k = next((k for k in range(lo, end) if PHOTO.match(paras[k])), None)
        if k is not None:
            end = k
            continue
        if TRAILING_DATELINE.match(paras[end - 1]):
            end -= 1
            continue
        break
    start, rest0 = 0, None
    window = min(end, 12)
    marker = next((k for k in range(window) if FULL_TEXT.search(paras[k]) or (NEWS_DATELINE.match(paras[k]) and AS_FOLLOWS_END.search(paras[k]))), None)
    if marker is not None:
        p = paras[marker]
        m = FULL_TEXT.search(p) or AS_FOLLOWS_END.search(p)
        r = p[m.end():].strip()
        rest0 = r or None
        start = marker + 1
    else:
        k = next((k for k in range(window) if NEWS_DATELINE.match(paras[k])), None)
        if k is not None:
            start = k + 1
    rest = ([rest0] if rest0 else []) + paras[start:end]
    k = 0
    while k < len(rest):
        p = rest[k]
        joins = (not has_punct(p) and not SECTION_START.match(p) and len(p) <= 30 and k + 1 < len(rest)
                 and TITLE_END.search(rest[k + 1]) and not has_punct(rest[k + 1]))
        if is_title(p, headline, title) or joins:
            k += 1
        else:
            break
    body = []
    if k < len(rest):
        p = rest[k]
        n = None
        if title:
            t = re.split("[（(]", title)[0].strip()
            if len(t) >= 4 and p.startswith(t) and len(p) > len(t):
                n = len(t)
        if n is None:
            m = TITLE_PREFIX.match(p)
            if m:
                n = m.end(1)
        body.append(p[n:].strip() if n is not None else p)
        body.extend(rest[k + 1:])
    s = len(body)
    while s > 0:
        p = body[s - 1]
        sig_like = len(p) <= 60 and not SECTION_START.match(p) and (date_place(p) or not has_punct(p.replace("（签字）", "")))
        if sig_like and s > 1:
            s -= 1
        else:
            break
    sig = body[s:]
    body = body[:s]
    if sig and body:
        last = body[-1]
        pos = max(last.rfind("。"), last.rfind("！"), last.rfind("？"))
        if pos >= 0:
            tail = last[pos + 1:].strip()
            if tail and len(tail) <= 20 and not has_punct(tail):
                body[-1] = last[: pos + 1]
    return body

# ---------------------------------------------------------------- corpus

def rows_of(corpus):
    manifest = os.path.join(corpus, "manifest.csv")
    if os.path.isfile(manifest):
        with open(manifest, encoding="utf-8-sig", newline="") as f:
            seen = set()
            for r in csv.DictReader(f):
                if not r.get("id") or not r.get("file") or r["id"] in seen:
                    continue
                seen.add(r["id"])
                yield r
    else:
        for dirpath, dirs, files in os.walk(corpus):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for fn in sorted(files):
                if fn.lower().endswith((".txt", ".html", ".htm")) and not fn.startswith("."):
                    path = os.path.relpath(os.path.join(dirpath, fn), corpus)
                    yield {"id": os.path.splitext(fn)[0], "file": path}


def read_body(corpus, row):
    path = os.path.join(corpus, row["file"])
    try:
        with open(path, "rb") as f:
            data = f.read()
        text = decode(data)
    except (OSError, UnicodeDecodeError):
        return None
    if text is None or not text.strip():
        return None
    text = normalize(text)
    fmt = row.get("format") or ""
    lower = row["file"].lower()
    head = text.lstrip()
    if fmt == "html" or (not fmt and (lower.endswith((".html", ".htm")) or head[:5].lower() in ("<!doc", "<html", "<p", "<div"))):
        headline, paras = parse_html(text)
    elif fmt == "peoples-daily" or (not fmt and head.startswith("###")):
        headline, paras = parse_peoples_daily(text)
    else:
        headline, paras = "", paragraphs(text.split("\n"))
    body = cut(paras, headline, row.get("title") or "")
    return body or None

# ---------------------------------------------------------------- tokens and statistics

NUMERAL = set("0123456789〇零一二三四五六七八九十百千万亿两.%．")


def is_punct(w):
    return bool(w) and all(not c.isalnum() for c in w)


def is_numeral(w):
    for suf in "年月日号":
        if w.endswith(suf):
            w = w[:-1]
            break
    return bool(w) and any(c.isdigit() or c in "〇零一二三四五六七八九十百千万亿两" for c in w) and all(c in NUMERAL for c in w)


def load_lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.strip().startswith("#")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--userdict", required=True)
    ap.add_argument("--stopwords", required=True)
    ap.add_argument("--dict", help="main dictionary (jieba-rs's dict.txt, for the same dictionary on both sides)")
    ap.add_argument("--bodies", help="also write the cut bodies (for the agreement check)")
    a = ap.parse_args()
    jieba.setLogLevel(60)
    if a.dict:
        jieba.set_dictionary(a.dict)
    jieba.initialize()
    for line in load_lines(a.userdict):
        parts = line.split()
        word, freq, tag = parts[0], None, None
        for p in parts[1:]:
            if freq is None and tag is None and p.isdigit():
                freq = int(p)
            else:
                tag = p
        jieba.add_word(word, freq, tag)
    stop = set(load_lines(a.stopwords))

    ids, sizes, recs, bodies = [], [], [], []
    for row in rows_of(a.corpus):
        body = read_body(a.corpus, row)
        if body is None:
            continue
        counts, words = {}, 0
        for para in body:
            for w in jieba.cut(para, HMM=True):
                if not w.strip() or is_punct(w):
                    continue
                words += 1
                if not is_numeral(w) and w not in stop:
                    counts[w] = counts.get(w, 0) + 1
        ids.append(row["id"])
        sizes.append(words)
        recs.extend((row["id"], t, c) for t, c in counts.items())
        if a.bodies:
            bodies.append((row["id"], "\n".join(body)))

    df = pd.DataFrame.from_records(recs, columns=["doc_id", "term", "count"])
    size = pd.Series(sizes, index=ids, name="tokens")
    n = len(ids)
    dfreq = df.groupby("term").agg(count=("count", "sum"), doc_freq=("doc_id", "size"))
    dfreq["idf"] = (n / dfreq["doc_freq"]).map(math.log10)
    df = df.join(size, on="doc_id").join(dfreq["idf"], on="term")
    df["per_10k"] = df["count"] / df["tokens"] * 10000.0
    df["tfidf"] = df["count"] * df["idf"]
    df = df.sort_values(["doc_id", "term"], kind="mergesort")[["doc_id", "term", "count", "per_10k", "tfidf"]]
    corpus_terms = dfreq.reset_index().sort_values(["count", "term"], ascending=[False, True], kind="mergesort")
    os.makedirs(a.out, exist_ok=True)
    df.to_csv(os.path.join(a.out, "doc_terms.csv"), index=False, float_format="%.6f")
    corpus_terms[["term", "count", "doc_freq", "idf"]].to_csv(os.path.join(a.out, "corpus_terms.csv"), index=False, float_format="%.6f")
    if a.bodies:
        with open(a.bodies, "w", encoding="utf-8") as f:
            for i, b in bodies:
                f.write(f"=== {i}\n{b}\n")
    print(f"{n} documents, {sum(sizes)} tokens, {len(df)} document-term rows", file=sys.stderr)


if __name__ == "__main__":
    main()
