"""Zip archives that unpack to far more than they weigh, written without writing what they
unpack to: one member is a deflate stream of one block repeated (each block compressed after a
full flush, so it refers to nothing before it and can be repeated as is)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Repeated:
    head: bytes
    chunk: bytes
    count: int
    tail: bytes

    @property
    def size(self) -> int:
        return len(self.head) + len(self.chunk) * self.count + len(self.tail)


def _deflate(member: bytes | Repeated) -> tuple[bytes, int, int]:
    """(compressed bytes, CRC-32, uncompressed size)."""
    if isinstance(member, bytes):
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        return compressor.compress(member) + compressor.flush(), zlib.crc32(member), len(member)
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    head = compressor.compress(member.head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(member.chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(member.tail) + compressor.flush()
    crc = zlib.crc32(member.head)
    for _ in range(member.count):
        crc = zlib.crc32(member.chunk, crc)
    crc = zlib.crc32(member.tail, crc)
    return head + block * member.count + tail, crc, member.size


def write_zip(
    path: Path, members: dict[str, bytes | Repeated], *, declared: dict[str, int] | None = None
) -> None:
    """A zip archive of `members`; `declared` gives members an uncompressed size other than
    their real one (a lying header), in the local header and the central directory alike."""
    out = io.BytesIO()
    central = b""
    for name, member in members.items():
        data, crc, size = _deflate(member)
        size = (declared or {}).get(name, size)
        encoded = name.encode()
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 33, crc, len(data),
                              size, len(encoded), 0))  # fmt: skip
        out.write(encoded)
        out.write(data)
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 33, crc, len(data),
                               size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded  # fmt: skip
    start = out.tell()
    out.write(central)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members),
                          len(central), start, 0))  # fmt: skip
    path.write_bytes(out.getvalue())


def members_of(data: bytes) -> dict[str, bytes | Repeated]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def docx_bomb(path: Path) -> None:
    """A real DOCX whose document.xml unpacks to 300 MB of one repeated paragraph."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    members = members_of(buffer.getvalue())
    members["word/document.xml"] = Repeated(
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body>',
        b"<w:p><w:r><w:t>" + b"A" * (1024 * 1024) + b"</w:t></w:r></w:p>",
        300,
        b"</w:body></w:document>",
    )
    write_zip(path, members)
