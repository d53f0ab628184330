#!/usr/bin/env python3
"""Write the man pages of libinfisical from Doxygen's XML output.

    python3 scripts/doxygen-man.py XML_DIR OUT_DIR VERSION

One page per public function and typedef (`man infisical_northflank_create`):
NAME, SYNOPSIS (the prototype), DESCRIPTION, PARAMETERS, RETURN VALUE, a
section per titled paragraph (OWNERSHIP, THREAD-SAFETY), SEE ALSO. And
libinfisical(3): each header's overview, its functions, and its constants
with their values. docs/meson.build runs it after Doxygen.

Why not Doxygen's own man output: it makes one page per header, and
`man infisical_northflank_create` would open the whole of northflank.h.
Python because meson, which builds this project, is Python: nothing to install.
OUT_DIR is emptied first, so a function that went away leaves no page behind.
"""
import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET

UMBRELLA = "infisical/infisical.h"
BREAK = "\x00"  # an explicit line break inside a paragraph, until clean()


def roff_escape(text):
    """Escape text for roff: backslashes, and - as a real hyphen-minus."""
    text = text.replace("\\", "\\e")
    text = text.replace("-", "\\-")
    return text


def inline(node):
    """The text of an XML element with its inline markup, as roff."""
    out = [roff_escape(node.text or "")]
    for child in node:
        tag = child.tag
        if tag in ("computeroutput", "bold"):
            out.append("\\fB" + inline(child) + "\\fR")
        elif tag in ("emphasis",):
            out.append("\\fI" + inline(child) + "\\fR")
        elif tag == "ref":
            out.append("\\fB" + inline(child) + "\\fR")
        elif tag == "ulink":
            out.append(inline(child) + " <" + roff_escape(child.get("url", "")) + ">")
        elif tag == "linebreak":
            out.append(BREAK)
        elif tag in ("parameterlist", "simplesect", "itemizedlist", "orderedlist",
                     "programlisting", "verbatim"):
            pass  # block content, handled by blocks()
        else:
            out.append(inline(child))
        out.append(roff_escape(child.tail or ""))
    return "".join(out)


def clean(text):
    """Join a paragraph's lines into one, keep explicit line breaks, and keep
    roff from taking a line that starts with . or ' for a request."""
    text = " ".join(text.split())
    lines = [line.strip() for line in text.split(BREAK)]
    return "\n.br\n".join("\\&" + l if l.startswith((".", "'")) else l for l in lines)


def blocks(para, sections):
    """The roff of a <para>: its text, lists and code. Parameter lists, return
    values and titled paragraphs go to `sections` instead, to become sections."""
    out = []
    text = clean(inline(para))
    if text:
        out.append(text)
    for child in para:
        if child.tag == "parameterlist":
            for item in child.findall("parameteritem"):
                names = [n.text or "" for n in item.iter("parametername")]
                desc = item.find("parameterdescription")
                body = paras(desc, sections) if desc is not None else ""
                sections.setdefault("PARAMETERS", []).append(
                    ".TP\n.I " + roff_escape(", ".join(names)) + "\n" + body)
        elif child.tag == "simplesect":
            kind = child.get("kind")
            if kind == "return":
                title = "RETURN VALUE"
            elif kind == "par":
                title = (child.findtext("title") or "NOTES").strip().rstrip(":").upper()
            elif kind == "see":
                title = "SEE ALSO"
            else:
                title = kind.upper()
            body = paras(child, sections)
            sections.setdefault(title, []).append(body)
        elif child.tag in ("itemizedlist", "orderedlist"):
            for n, item in enumerate(child.findall("listitem"), 1):
                bullet = "\\(bu" if child.tag == "itemizedlist" else "%d." % n
                out.append(".IP %s 3\n%s" % (bullet, paras(item, sections)))
            out.append(".PP")
        elif child.tag in ("programlisting", "verbatim"):
            code = "".join(child.itertext())
            out.append(".PP\n.nf\n.RS\n" + roff_escape(code).rstrip() + "\n.RE\n.fi\n.PP")
    return "\n".join(out)


def paras(node, sections):
    """Every <para> directly under node, as roff paragraphs."""
    parts = [blocks(p, sections) for p in node.findall("para")]
    return "\n.PP\n".join(p for p in parts if p.strip())


def refs(node, own):
    """Names of the functions a description refers to, for SEE ALSO."""
    found = []
    for ref in node.iter("ref"):
        name = (ref.text or "").strip().rstrip("()")
        if name.startswith("infisical_") and name != own and name not in found:
            found.append(name)
    return found


def header(name, version, title):
    return ('.TH "%s" 3 "" "libinfisical %s" "libinfisical Manual"\n'
            ".nh\n.ad l\n.SH NAME\n%s \\- %s\n") % (name.upper(), version, roff_escape(name), title)


def synopsis_prototype(member):
    """The declaration, one parameter a line when it does not fit on one."""
    kind = member.get("kind")
    if kind == "typedef":
        decl = "".join(member.find("definition").itertext()) + ";"
        decl = re.sub(r"\(\* (\w+)\) \(", r"(*\1)(", decl)  # "void(* f) (" -> "void(*f)("
        return roff_escape(decl)
    rtype = "".join(member.find("type").itertext()).strip()
    name = member.findtext("name")
    params = []
    for p in member.findall("param"):
        ptype = "".join(p.find("type").itertext()).strip()
        pname = p.findtext("declname") or ""
        sep = "" if ptype.endswith("*") or not pname else " "
        params.append(ptype + sep + pname)
    head = "%s%s%s(" % (rtype, "" if rtype.endswith("*") else " ", name)
    lines = [head + ", ".join(params) + ");"]
    if len(lines[0]) > 78 and len(params) > 1:
        indent = " " * len(head)
        lines = [head + params[0] + ","]
        lines += [indent + p + "," for p in params[1:-1]]
        lines.append(indent + params[-1] + ");")
    return "\\fB" + roff_escape("\n".join(lines)) + "\\fR"


def member_page(member, header_file, version):
    name = member.findtext("name")
    sections = {}
    brief = clean(inline_paras(member.find("briefdescription")))
    detail = paras(member.find("detaileddescription"), sections)
    out = [header(name, version, brief.rstrip(".") or name)]
    out.append(".SH SYNOPSIS\n.nf\n\\fB#include <%s>\\fR\n.PP\n%s\n.fi\n" % (
        UMBRELLA, synopsis_prototype(member)))
    out.append(".PP\nDeclared in \\fB<infisical/%s>\\fR.\n" % header_file)
    out.append(".SH DESCRIPTION\n" + brief + ("\n.PP\n" + detail if detail else "") + "\n")
    order = ["PARAMETERS", "RETURN VALUE"]
    for title in order + [t for t in sections if t not in order and t != "SEE ALSO"]:
        if title in sections:
            out.append(".SH %s\n%s\n" % (title, "\n.PP\n".join(sections[title])))
    see = refs(member, name)
    out.append(".SH SEE ALSO\n" + ",\n".join(".BR %s (3)" % s for s in see + ["libinfisical"]) + "\n")
    return "".join(out)


def describe(member):
    """Brief and detailed text of a constant, as one paragraph (the brief alone
    may stop at an "e.g.")."""
    return clean(inline_paras(member.find("briefdescription")) + " " +
                 inline_paras(member.find("detaileddescription")))


def inline_paras(node):
    if node is None:
        return ""
    return " ".join(inline(p) for p in node.findall("para"))


def main():
    xml_dir, out_dir, version = sys.argv[1:4]
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    index = ET.parse(os.path.join(xml_dir, "index.xml")).getroot()
    files = [c.get("refid") for c in index.findall("compound") if c.get("kind") == "file"]
    overview = [header("libinfisical", version, "manage Infisical's Northflank App Connections from C"),
                ".SH SYNOPSIS\n.nf\n\\fB#include <%s>\\fR\n.fi\n"
                ".PP\nLink with \\fB-linfisical\\fR, or \\fBpkg-config --cflags --libs infisical\\fR.\n" % UMBRELLA]
    pages = 0
    for refid in sorted(files):
        compound = ET.parse(os.path.join(xml_dir, refid + ".xml")).getroot().find("compounddef")
        header_file = compound.findtext("compoundname")
        sections = {}
        text = paras(compound.find("detaileddescription"), sections)
        brief = clean(inline_paras(compound.find("briefdescription")))
        overview.append(".SH %s\n%s\n" % (roff_escape("<infisical/%s>" % header_file),
                                          "\n.PP\n".join(t for t in (brief, text) if t)))
        funcs, consts = [], []
        for member in compound.iter("memberdef"):
            kind = member.get("kind")
            if kind in ("function", "typedef"):
                name = member.findtext("name")
                with open(os.path.join(out_dir, name + ".3"), "w", encoding="utf-8") as f:
                    f.write(member_page(member, header_file, version))
                pages += 1
                if kind == "function":
                    funcs.append(name)
            elif kind == "define" and member.find("initializer") is not None:
                consts.append((member.findtext("name"), "".join(member.find("initializer").itertext()),
                               describe(member)))
            elif kind == "enum":
                for value in member.findall("enumvalue"):
                    init = "".join(value.find("initializer").itertext()) if value.find("initializer") is not None else ""
                    consts.append((value.findtext("name"), init.lstrip("= "), describe(value)))
        if funcs:
            overview.append(".SS Functions\n" + "\n".join(".BR %s (3)" % f for f in funcs) + "\n")
        if consts:
            overview.append(".SS Constants\n" + "".join(
                '.TP\n.B "%s %s"\n%s\n' % (roff_escape(n), roff_escape(v).replace('"', "\\(dq"), d)
                for n, v, d in consts))
    with open(os.path.join(out_dir, "libinfisical.3"), "w", encoding="utf-8") as f:
        f.write("".join(overview))
    if pages == 0:
        sys.exit("doxygen-man.py: no documented function in %s: do the headers have @file blocks?" % xml_dir)


if __name__ == "__main__":
    main()
