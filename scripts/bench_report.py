"""The peer of benches/report.rs: python-docx builds the same report (same Document JSON, same
layout as scripts/bench_plan.py) with the same 30 photos, twice:
- from the 12 MP originals, each sized with Pillow as the app does (DCT-scaled decode with
  `draft`, EXIF orientation applied, long edge 1280, JPEG quality stepped down to the byte budget);
- from the sized copies (the work of every later export in the app).
Usage: python3 scripts/bench_report.py INPUT_JSON ITERATIONS OUT_DOCX"""
import io
import json
import sys
import time

from PIL import Image, ImageOps

from bench_plan import build


def sized(path, long_edge, max_bytes):
    img = Image.open(path)
    img.draft("RGB", (long_edge, long_edge))
    img = ImageOps.exif_transpose(img).convert("RGB")
    img.thumbnail((long_edge, long_edge), Image.BILINEAR)
    data = b""
    for quality in (85, 78, 70, 62, 55, 48, 40):
        out = io.BytesIO()
        img.save(out, "JPEG", quality=quality)
        data = out.getvalue()
        if len(data) <= max_bytes:
            break
    return io.BytesIO(data)


def main():
    d = json.load(open(sys.argv[1], encoding="utf-8"))
    n = int(sys.argv[2])
    photos = {p["id"]: p for p in d["photos"]}

    start = time.perf_counter()
    data = build(d["document"], lambda i: sized(photos[i]["original"], d["long_edge"], d["max_bytes"]))
    cold_ms = (time.perf_counter() - start) * 1000
    print(f"python-docx + Pillow, from originals\t1\t{cold_ms:.1f}\t{len(data)}")

    start = time.perf_counter()
    for _ in range(n):
        data = build(d["document"], lambda i: photos[i]["sized"])
    warm_ms = (time.perf_counter() - start) * 1000 / n
    open(sys.argv[3], "wb").write(data)
    print(f"python-docx, sized copies given\t{n}\t{warm_ms:.1f}\t{len(data)}")


if __name__ == "__main__":
    main()
