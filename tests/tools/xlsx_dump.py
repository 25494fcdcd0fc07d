#!/usr/bin/env python3
"""xlsx_dump.py BOOK.xlsx: the first sheet of an XLSX workbook as lines the tests can grep.

Each cell is "REF<TAB>TYPE<TAB>VALUE": TYPE s (text, shared or inline), n (a number), date (a
number in a date format, shown as YYYY-MM-DD HH:MM), f (a formula: VALUE is the formula). Then
"pane<TAB>STATE<TAB>TOP-LEFT-CELL" for a frozen pane and "cols<TAB>N" for the column widths set.
Read with zipfile and ElementTree only (tests/test_hub_console_reports.c,
tests/scripts/hub_console_reports.sh)."""
import datetime
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
DATE_CODES = set(range(14, 23)) | {45, 46, 47}


def text_of(si):
    return "".join(t.text or "" for t in si.iter("{%s}t" % NS["m"]))


def main(path):
    z = zipfile.ZipFile(path)
    names = z.namelist()
    shared = []
    if "xl/sharedStrings.xml" in names:
        shared = [text_of(si) for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS)]
    styles = ET.fromstring(z.read("xl/styles.xml"))
    fmts = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iter("{%s}numFmt" % NS["m"])}
    xfs = styles.find("m:cellXfs", NS).findall("m:xf", NS)

    def is_date(s):
        fid = int(xfs[s].get("numFmtId", "0"))
        code = fmts.get(fid, "")
        return fid in DATE_CODES or ("yy" in code and "d" in code)

    sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    for c in sheet.iter("{%s}c" % NS["m"]):
        ref, kind = c.get("r"), c.get("t")
        f, v = c.find("m:f", NS), c.find("m:v", NS)
        if f is not None:
            print(f"{ref}\tf\t{f.text}")
        elif kind == "s":
            print(f"{ref}\ts\t{shared[int(v.text)]}")
        elif kind == "inlineStr":
            print(f"{ref}\ts\t{text_of(c.find('m:is', NS))}")
        elif v is not None and is_date(int(c.get("s", "0"))):
            d = datetime.datetime(1899, 12, 30) + datetime.timedelta(days=float(v.text))
            print(f"{ref}\tdate\t{(d + datetime.timedelta(seconds=30)).strftime('%Y-%m-%d %H:%M')}")
        elif v is not None:
            num = float(v.text)
            print(f"{ref}\tn\t{int(num) if num.is_integer() else num}")
    for p in sheet.iter("{%s}pane" % NS["m"]):
        print(f"pane\t{p.get('state')}\t{p.get('topLeftCell')}")
    print(f"cols\t{len(list(sheet.iter('{%s}col' % NS['m'])))}")


if __name__ == "__main__":
    main(sys.argv[1])
