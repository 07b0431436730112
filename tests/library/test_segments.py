"""The bulk writers of the build against the reference implementations they replace:

- indexer.segments writes the segment Whoosh's own `IndexWriter.add_document` writes (every term, posting,
  position, weight, block, length and stored field), so phrase search stays exact;
- indexer.analyzer.Tokens yields the tokens of LegalTokenizer, token for token;
- the fast arrays merged from parts are the term counts of LegalTokenizer, whatever the split."""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from collections import Counter

import pytest
from whoosh import index as whoosh_index
from whoosh import query as Q

from indexer.analyzer import LegalTokenizer, Tokens
from indexer.build import ParseCache, read_files, select_files
from indexer.fastindex import HEADING_WEIGHT, FastIndex, columns, fast_part, merge_parts
from indexer.index import documents, schema
from indexer.library import assemble, load_metadata, read_core
from indexer.segments import SegmentWriter, commit, indexed_docs, move_segment
from indexer.sources import load_sources


@pytest.fixture()
def docs(small):
    files = select_files(small, "all")
    cache = ParseCache(small.data / "parse-cache.sqlite3")
    parsed, _ = read_files(small, files, cache)
    cache.close()
    model = assemble(small.library, parsed, corpus=small.corpus, metadata=load_metadata(small.library),
                     core=read_core(small.library))
    return list(documents(model, load_sources(small.sources)))


def _whoosh(folder, docs):
    ix = whoosh_index.create_in(str(folder), schema())
    w = ix.writer()
    for _id, _h, d in docs:
        w.add_document(**d)
    w.commit()
    return whoosh_index.open_dir(str(folder))


def _bulk(folder, tmp, docs):
    tokens = Tokens()
    sw = SegmentWriter(tmp, schema())
    for doc_id, h, d in docs:
        sw.add(doc_id, h, d, {f: tokens.precise(d[f]) for f in ("title", "heading", "text") if d.get(f) is not None})
    seg = sw.finish()
    move_segment(seg, tmp, folder)
    commit(folder, add=[seg], schema=schema())
    return whoosh_index.open_dir(str(folder))


def _blocks(raw: bytes) -> list:
    """A term's posting list, decoded block by block (info, (ids, weights, values))."""
    assert raw[:4] == b"W3Bl"
    pos, out = 4, []
    while True:
        (n,) = struct.unpack("!i", raw[pos:pos + 4])
        pos += 4
        f = io.BytesIO(raw[pos:pos + abs(n)])
        info = pickle.load(f)
        data = f.read()
        out.append((info, pickle.loads(zlib.decompress(data) if info[3] else data)))
        pos += abs(n)
        if n < 0:
            return out


def _segment_files(ix):
    seg = ix._segments()[0]
    cs = seg.open_compound_file(ix.storage)
    files = {}
    for name in cs.list():
        f = cs.open_file(name)
        files[name.split(".", 1)[1]] = f.read()
        f.close()
    return seg, files


def test_bulk_segment_is_the_segment_whoosh_writes(docs, tmp_path):
    for p in ("a", "b", "tmp"):
        (tmp_path / p).mkdir()
    ref = _whoosh(tmp_path / "a", docs)
    got = _bulk(tmp_path / "b", tmp_path / "tmp", docs)
    seg_a, files_a = _segment_files(ref)
    seg_b, files_b = _segment_files(got)
    assert seg_a.doc_count_all() == seg_b.doc_count_all() == len(docs)
    assert seg_a._fieldlengths == seg_b._fieldlengths
    # per-document files (stored fields, field lengths) are byte for byte Whoosh's own
    assert set(files_a) == set(files_b)
    for name in files_a:
        if name.endswith(".col"):
            assert files_a[name] == files_b[name], name
    ra, rb = ref.reader(), got.reader()
    terms = list(ra.all_terms())
    assert terms == list(rb.all_terms()) and len(terms) > 1000
    for field, text in terms:
        ia, ib = ra.term_info(field, text), rb.term_info(field, text)
        assert (ia.weight(), ia.doc_frequency(), ia.min_length(), ia.max_length(), ia.max_weight(), ia.min_id(),
                ia.max_id()) == (ib.weight(), ib.doc_frequency(), ib.min_length(), ib.max_length(), ib.max_weight(),
                                 ib.min_id(), ib.max_id()), (field, text)
        # blocks decode to the same ids, weights and positions (the bytes differ only where pickle shares a
        # repeated value)
        xa = files_a["pst"][ia._offset:ia._offset + ia._length[0]]
        xb = files_b["pst"][ib._offset:ib._offset + ib._length[0]]
        assert _blocks(xa) == _blocks(xb), (field, text)
    for n in range(len(docs)):
        assert ra.stored_fields(n) == rb.stored_fields(n)
        for field in ("title", "heading", "text"):
            assert ra.doc_field_length(n, field) == rb.doc_field_length(n, field)
    with ref.searcher() as sa, got.searcher() as sb:
        for phrase in (["生产经营", "单位"], ["安全", "警示", "标志"], ["独特", "的", "示例"]):
            q = Q.Phrase("text", phrase)
            assert sorted(h["id"] for h in sa.search(q, limit=None)) == sorted(h["id"] for h in sb.search(q, limit=None))
    assert set(indexed_docs(tmp_path / "b")) == {i for i, _h, _d in docs}


def test_tokens_are_the_tokenizers(docs):
    tokens = Tokens()
    precise, expanded = LegalTokenizer(expand_compounds=False), LegalTokenizer()
    texts = [d[f] for _i, _h, d in docs for f in ("title", "heading", "text") if d.get(f)]
    texts += ["ABC公司的LPG钢瓶", "第一章　总则", "  ，。"]
    for text in texts:
        assert tokens.precise(text) == [t.text for t in precise(text)]
        assert tokens.expanded(text) == [t.text for t in expanded(text)]
        assert tokens.both(text) == (tokens.precise(text), tokens.expanded(text))


def test_fast_arrays_from_parts_are_the_tokenizers_counts(docs, tmp_path):
    searchable = [d for _i, _h, d in docs if d["kind"] != "law"]
    tokens = Tokens()
    cuts = [0, len(searchable) // 3, len(searchable) // 3 + 1, len(searchable)]
    parts = [fast_part(searchable[a:b], lambda d: tokens.expanded(d["text"]), tokens.expanded)
             for a, b in zip(cuts, cuts[1:])]
    merge_parts(tmp_path / "fast", parts, columns(searchable))
    fast = FastIndex(tmp_path / "fast")
    assert fast.ids == [d["id"] for d in searchable]
    tok = LegalTokenizer()
    expected: Counter = Counter()
    for n, d in enumerate(searchable):
        for t in tok(d["text"]):
            expected[(t.text, n)] += 1.0
        for t in tok(d.get("heading") or ""):
            expected[(t.text, n)] += HEADING_WEIGHT
    got = {}
    for term, row in fast.terms.items():
        a, b = int(fast.offsets[row]), int(fast.offsets[row + 1])
        docs_row = [int(x) for x in fast.docs[a:b]]
        assert docs_row == sorted(docs_row)
        got.update({(term, doc): float(tf) for doc, tf in zip(docs_row, fast.tfs[a:b])})
    assert got == dict(expected)
