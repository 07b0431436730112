"""Whoosh segments written in bulk: the same files Whoosh's own writer makes, a fifth of the work.

Why: Whoosh's writer handles every posting several times in Python (analysis into Token objects, a
pool of tuples, an external sort, then one `add_posting` call each with type checks); for the whole
library's ~7 million postings that was ~80 % of a cold build. Here a document's text is segmented once
(rjieba precise mode, the same tokens and positions `LegalTokenizer(expand_compounds=False)` gives
Whoosh), postings are grouped per term as documents arrive (already in document order), and each posting
list is encoded block by block exactly as `whoosh.codec.whoosh3.W3PostingsWriter` encodes it: 128
postings a block, delta-coded ids, pickled and zlib-compressed, the same term info. The per-document
files (stored fields, field lengths) go through Whoosh's own `W3PerDocWriter`, and the segment is
assembled into Whoosh's compound file. Readers, phrase queries and later merges are Whoosh's own;
tests/library/test_segments.py checks that every term, posting, position, length and stored field equals
what `IndexWriter.add_document` writes for the same documents.

Only the field types of indexer.index.schema are handled (TEXT with positions, ID, STORED); anything
else raises instead of writing a segment Whoosh would read differently.

Each segment also gets a sidecar file `<segment id>.ids.json` (doc ids and content hashes, in document
order). Its name follows Whoosh's segment-file pattern, so Whoosh deletes it together with its segment;
what an index holds is therefore always readable from its TOC (see `indexed_docs`), which is what lets an
interrupted build resume and an incremental build update in place."""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterable
from pathlib import Path
from pickle import dumps

from whoosh import fields, formats
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo
from whoosh.filedb.filestore import FileStorage
from whoosh.system import pack_int, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

INDEXNAME = "MAIN"
BLOCK = 128                 # W3Codec's default block limit
COMPRESSION = 3             # W3Codec's default zlib level
_WBITS = [max(9, min(15, (((i + 1) << 9) - 1).bit_length())) for i in range(32)]   # by size // 512


class _FieldPostings:
    __slots__ = ("name", "field", "positional", "boost", "terms")

    def __init__(self, name: str, field):
        self.name = name
        self.field = field
        self.positional = isinstance(field.format, formats.Positions)
        self.boost = float(field.format.field_boost)
        # term -> flat list [docnum, freq, value bytes, docnum, freq, value bytes, …] in document order
        self.terms: dict[str, list] = {}


_SINGLE: list[bytes] = []


def _single_position(pos: int) -> bytes:
    """Positions.encode([pos]) — most postings hold one position, so these are cached."""
    while len(_SINGLE) <= pos:
        _SINGLE.append(pack_uint(1) + dumps([len(_SINGLE)], 2))
    return _SINGLE[pos]


def _positions_value(poslist: list[int]) -> bytes:
    if len(poslist) == 1:
        return _single_position(poslist[0])
    deltas = [poslist[0]] + [b - a for a, b in zip(poslist, poslist[1:])]
    return pack_uint(len(deltas)) + dumps(deltas, 2)


class SegmentWriter:
    """Writes one new segment into `folder` (a Whoosh FileStorage directory) from whole documents.

    `add(doc_id, content_hash, fields, tokens)`: `tokens` maps a TEXT field name to its precise tokens (see
    `indexer.analyzer.Tokens.precise`; given so a caller that also needs them for the fast arrays segments each text once).
    `finish()` writes the postings, assembles the compound file and returns the (picklable) segment."""

    def __init__(self, folder: Path, schema: fields.Schema):
        self.storage = FileStorage(str(folder))
        self.schema = schema
        self.codec = W3Codec()
        self.segment = self.codec.new_segment(self.storage, INDEXNAME)
        self.perdoc = self.codec.per_document_writer(self.storage, self.segment)
        self.postings: dict[str, _FieldPostings] = {}
        self.lengths: dict[str, dict[int, int]] = {}  # field -> docnum -> length byte (scorable fields)
        self.ids: list[list[str]] = []
        self.docnum = 0
        for name, field in schema.items():
            if isinstance(field, fields.STORED) or not field.indexed:
                continue
            if not isinstance(field, (fields.TEXT, fields.ID)) or field.vector or field.separate_spelling() \
                    or field.column_type:
                raise TypeError(f"indexer.segments cannot write field {name!r} ({type(field).__name__})")
            if isinstance(field, fields.TEXT) and not isinstance(field.format, formats.Positions):
                raise TypeError(f"indexer.segments writes TEXT fields with positions only ({name!r})")
            self.postings[name] = _FieldPostings(name, field)

    def add(self, doc_id: str, content_hash: str, doc: dict, tokens: dict[str, list[str]]) -> None:
        docnum = self.docnum
        perdoc = self.perdoc
        schema = self.schema
        perdoc.start_doc(docnum)
        for name in sorted(doc):
            value = doc[name]
            if value is None or name.startswith("_"):
                continue
            field = schema[name]
            length = 0
            fp = self.postings.get(name)
            if fp is not None:
                if fp.positional:
                    toks = tokens[name]
                    length = len(toks)
                    poses: dict[str, list[int]] = {}
                    for i, w in enumerate(toks):
                        p = poses.get(w)
                        if p is None:
                            poses[w] = [i]
                        else:
                            p.append(i)
                    terms = fp.terms
                    single = _SINGLE
                    for w, p in poses.items():
                        if len(p) == 1:
                            n, v = 1, (single[p[0]] if p[0] < len(single) else _single_position(p[0]))
                        else:
                            n, v = len(p), _positions_value(p)
                        lst = terms.get(w)
                        if lst is None:
                            terms[w] = [docnum, n, v]
                        else:
                            lst += (docnum, n, v)
                else:                                   # ID: the whole value, one posting, no value bytes
                    if not isinstance(value, str):
                        raise TypeError(f"ID field {name!r} needs a str, not {value!r}")
                    lst = fp.terms.get(value)
                    if lst is None:
                        fp.terms[value] = [docnum, 1, b""]
                    else:
                        lst += (docnum, 1, b"")
                if length and field.scorable:
                    self.lengths.setdefault(name, {})[docnum] = length_to_byte(length)
            perdoc.add_field(name, field, value if field.stored else None, length if field.scorable else 0)
        perdoc.finish_doc()
        self.ids.append([doc_id, content_hash])
        self.docnum += 1

    def finish(self):
        """Write the postings and the compound file; returns the W3Segment (doc count set, not yet live)."""
        self.perdoc.close()
        fw = self.codec.field_writer(self.storage, self.segment)
        tindex = fw._tindex
        fieldmap = fw._fieldmap
        postfile = fw._postfile
        for name in sorted(self.postings):
            fp = self.postings[name]
            if not fp.terms:
                continue                # as Whoosh: a field without postings is not in the segment's map
            fieldid = fieldmap[name] = len(fieldmap)
            prefix = pack_ushort(fieldid)
            lengths = self.lengths.get(name)
            value_size = fp.field.format.fixed_value_size()
            for term in sorted(fp.terms):
                info = _write_postings(postfile, fp.terms[term], fp.boost, lengths, value_size)
                tindex.add(prefix + term.encode("utf-8"), info)
            fp.terms = {}
        fw.close()
        self.segment.set_doc_count(self.docnum)
        self.segment.create_compound_file(self.storage)
        write_sidecar(Path(self.storage.folder), self.segment, self.ids)
        return self.segment


def _write_postings(postfile, flat: list, boost: float, lengths: dict[int, int] | None, value_size) -> bytes:
    """One term's posting list as W3PostingsWriter writes it (start_postings … finish_postings); returns
    the term info bytes for the terms index."""
    ids = flat[0::3]
    weights = [f * boost for f in flat[1::3]]
    values = flat[2::3]
    n = len(ids)
    start = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    ti = W3TermInfo()
    minlength_all = None
    maxlength_all = 0
    maxweight_all = 0
    total_weight = 0.0
    for b in range(0, n, BLOCK):
        bids = ids[b:b + BLOCK]
        bw = weights[b:b + BLOCK]
        last = b + BLOCK >= n
        if lengths is not None:
            blens = [byte_to_length(lengths[d]) for d in bids if d in lengths]
            minlength = min(blens) if blens else None
            maxlength = max(blens) if blens else 0
        else:
            minlength, maxlength = None, 0
        maxweight = 0
        for w in bw:
            if w > maxweight:
                maxweight = w
        # _mini_ids / _mini_weights / _mini_values
        deltas = [bids[0]] + [y - x for x, y in zip(bids, bids[1:])]       # each block from 0
        if all(w == 1.0 for w in bw):
            mw = None
        elif all(w == bw[0] for w in bw):
            mw = bw[0]
        else:
            mw = tuple(bw)
        mv: tuple | bytes | None
        if value_size is None or value_size < 0:
            mv = tuple(v for v in values[b:b + BLOCK] if v)
        elif value_size == 0:
            mv = None
        else:
            mv = b"".join(v for v in values[b:b + BLOCK] if v)
        raw = dumps((tuple(deltas), mw, mv), 2)
        # a window no larger than the data compresses the same and skips most of zlib's set-up, which
        # dominates for the many short posting lists; zlib.decompress reads any window size
        databytes = zlib.compress(raw, COMPRESSION, _WBITS[len(raw) >> 9] if len(raw) < 16384 else 15)
        infobytes = dumps((len(bids), bids[-1], maxweight, COMPRESSION, length_to_byte(minlength),
                           length_to_byte(maxlength)), 2)
        blocklength = len(infobytes) + len(databytes)
        postfile.write(pack_int(-blocklength if last else blocklength))
        postfile.write(infobytes)
        postfile.write(databytes)
        # W3TermInfo.add_block
        total_weight += sum(bw)
        if minlength_all is None:
            minlength_all = minlength
        elif minlength is not None:
            minlength_all = min(minlength_all, minlength)
        maxlength_all = max(maxlength_all, maxlength)
        maxweight_all = max(maxweight_all, maxweight)
    ti._weight = total_weight
    ti._df = n
    ti._minlength = minlength_all
    ti._maxlength = maxlength_all
    ti._maxweight = maxweight_all
    ti._minid = ids[0]
    ti._maxid = ids[-1]
    ti.set_extent(start, postfile.tell() - start)
    return ti.to_bytes()


# ------------------------------------------------------------------------------------ sidecars and TOC
def sidecar_path(folder: Path, segment) -> Path:
    return folder / segment.make_filename(".ids.json")


def write_sidecar(folder: Path, segment, ids: list[list[str]]) -> None:
    path = sidecar_path(folder, segment)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(ids, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def indexed_docs(index_dir: Path) -> dict[str, str] | None:
    """doc id -> content hash of every live document of the index in `index_dir`, read from its TOC and
    the segments' sidecars; None when a segment has no sidecar (written by Whoosh's own writer) or there
    is no index."""
    from whoosh import index as whoosh_index
    if not whoosh_index.exists_in(str(index_dir)):
        return None
    ix = whoosh_index.open_dir(str(index_dir))
    out: dict[str, str] = {}
    for seg in ix._segments():
        path = sidecar_path(index_dir, seg)
        try:
            ids = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if len(ids) != seg.doc_count_all():
            return None
        for docnum, (doc_id, h) in enumerate(ids):
            if not seg.is_deleted(docnum):
                out[doc_id] = h
    return out


def commit(index_dir: Path, add: Iterable = (), delete: Iterable[str] = (), schema=None) -> None:
    """One atomic change of the index in `index_dir`: mark the documents with ids in `delete` deleted (found
    through the sidecars, no search) and make the segments `add` live (their files already moved into
    `index_dir`), in one new TOC. Segments with no live document left are dropped. Whoosh's writer lock
    is held; nothing is merged. With `schema`, an empty index is created when there is none."""
    from whoosh import index as whoosh_index
    index_dir.mkdir(parents=True, exist_ok=True)
    if not whoosh_index.exists_in(str(index_dir)):
        if schema is None:
            raise FileNotFoundError(f"no index in {index_dir}")
        whoosh_index.create_in(str(index_dir), schema)
    ix = whoosh_index.open_dir(str(index_dir))
    w = ix.writer()
    try:
        gone = set(delete)
        if gone:
            for seg in w.segments:
                ids = json.loads(sidecar_path(index_dir, seg).read_text(encoding="utf-8"))
                for docnum, (doc_id, _h) in enumerate(ids):
                    if doc_id in gone and not seg.is_deleted(docnum):
                        seg.delete_document(docnum)
        w.segments = [s for s in w.segments if s.doc_count() > 0] + list(add)
        w.commit(merge=False)
    except BaseException:
        w.cancel()
        raise


def move_segment(segment, src: Path, dst: Path) -> None:
    """Move a finished segment's compound file and sidecar from a worker's folder into the index folder
    (the sidecar first: a live segment always has one)."""
    side = sidecar_path(src, segment)
    os.replace(side, sidecar_path(dst, segment))
    name = segment.make_filename(segment.COMPOUND_EXT)
    os.replace(src / name, dst / name)
