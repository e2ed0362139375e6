package reports_test

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/tandemhq/tandem/reports"
)

// The PDF parses: its header, every offset of its cross-reference table
// pointing at the object it names, a trailer whose /Root is the catalog,
// whose /Pages count the page objects (the review's pages and one per
// chart), and the four charts as image XObjects of their size.
func TestReviewPDFParses(t *testing.T) {
	r := novemberReview("")
	charts, err := reports.ReviewCharts(r, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := reports.RenderReviewPDF(reports.RenderReviewMarkdown(r, time.UTC), charts, time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("TANDEM_CHART_DIR"); dir != "" {
		os.WriteFile(dir+"/review.pdf", doc, 0o644)
	}
	p := parsePDF(t, doc)
	if !bytes.Contains(p.object(t, p.root), []byte("/Type /Catalog")) {
		t.Fatalf("root %d is not the catalog: %s", p.root, p.object(t, p.root))
	}
	pagesRef := refAfter(t, p.object(t, p.root), "/Pages")
	pages := p.object(t, pagesRef)
	count := refAfterInt(t, pages, "/Count ")
	pageObjects, images := 0, 0
	for n := range p.offsets {
		obj := p.object(t, n)
		if regexp.MustCompile(`/Type /Page\b[^s]`).Match(obj) {
			pageObjects++
		}
		if bytes.Contains(obj, []byte("/Subtype /Image")) && bytes.Contains(obj, []byte(fmt.Sprintf("/Width %d", reports.ChartWidth))) &&
			bytes.Contains(obj, []byte(fmt.Sprintf("/Height %d", reports.ChartHeight))) {
			images++
		}
	}
	if count < 5 || count != pageObjects {
		t.Errorf("/Count %d, %d page objects: want the review's pages and 4 chart pages", count, pageObjects)
	}
	if images < len(charts) {
		t.Errorf("%d image XObjects of %dx%d, want %d", images, reports.ChartWidth, reports.ChartHeight, len(charts))
	}
	if !bytes.Contains(doc, []byte("/FontFile2")) {
		t.Error("no TrueType font embedded")
	}
	// The pages' text, read from their content streams (inflated), shows
	// the figures: a heading, table cells, a wrapped line's start.
	var text strings.Builder
	for n := range p.offsets {
		if obj := p.object(t, n); regexp.MustCompile(`/Type /Page\b[^s]`).Match(obj) {
			text.WriteString(pageText(t, p.stream(t, refAfter(t, obj, "/Contents"))))
		}
	}
	if dir := os.Getenv("TANDEM_CHART_DIR"); dir != "" {
		os.WriteFile(dir+"/review-pdf.txt", []byte(text.String()), 0o644)
	}
	for _, want := range []string{"Operational review", "By severity", "96.343%", "99.9% missed", "INC-17, INC-18, INC-24",
		"3h45m / 8h04m (n=11)", "0s / 15m (n=18)", "33/47 (70%)", "LinkFlap", "26 incident(s) opened (↑ was 14)"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	t.Logf("PDF: %d bytes, %d objects, %d pages, %d images", len(doc), len(p.offsets), count, images)
}

// stream is object n's stream, inflated when it is FlateDecode.
func (p pdfFile) stream(t *testing.T, n int) []byte {
	t.Helper()
	obj := p.object(t, n)
	length := refAfterInt(t, obj, "/Length ")
	m := regexp.MustCompile(`stream\r?\n`).FindIndex(obj)
	if m == nil || m[1]+length > len(obj) {
		t.Fatalf("object %d: no stream of %d bytes", n, length)
	}
	raw := obj[m[1] : m[1]+length]
	if !bytes.Contains(obj[:m[0]], []byte("/FlateDecode")) {
		return raw
	}
	r, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("object %d: %v", n, err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("object %d: %v", n, err)
	}
	return out
}

// pageText joins the strings a content stream shows (Tj), each a line:
// fpdf writes text in a Unicode font as UTF-16BE in a literal string.
func pageText(t *testing.T, content []byte) string {
	t.Helper()
	var b strings.Builder
	for _, m := range regexp.MustCompile(`(?s)\(((?:\\.|[^\\)])*)\)\s*Tj`).FindAllSubmatch(content, -1) {
		s := unescapePDF(m[1])
		u := make([]uint16, len(s)/2)
		for i := range u {
			u[i] = uint16(s[2*i])<<8 | uint16(s[2*i+1])
		}
		b.WriteString(string(utf16.Decode(u)) + "\n")
	}
	return b.String()
}

var pdfEscapes = map[byte]byte{'n': '\n', 'r': '\r', 't': '\t', 'b': '\b', 'f': '\f'}

// unescapePDF undoes a literal string's escapes: \n \r \t \b \f, \( \) \\ and octal.
func unescapePDF(s []byte) []byte {
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			out = append(out, s[i])
			continue
		}
		i++
		switch c := s[i]; {
		case c >= '0' && c <= '7':
			v := 0
			for j := 0; j < 3 && i < len(s) && s[i] >= '0' && s[i] <= '7'; j++ {
				v = v*8 + int(s[i]-'0')
				i++
			}
			i--
			out = append(out, byte(v))
		default:
			if r, ok := pdfEscapes[c]; ok {
				c = r
			}
			out = append(out, c) // \( \) \\ stand for themselves
		}
	}
	return out
}

// pdfFile is a PDF's cross-reference table and trailer, as parsed.
type pdfFile struct {
	doc     []byte
	offsets map[int]int // object number → byte offset
	root    int
}

func parsePDF(t *testing.T, doc []byte) pdfFile {
	t.Helper()
	if !regexp.MustCompile(`^%PDF-1\.[0-7]\n`).Match(doc) {
		t.Fatalf("header %q", doc[:min(16, len(doc))])
	}
	m := regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`).FindSubmatch(doc)
	if m == nil {
		t.Fatal("no startxref and EOF marker at the end")
	}
	at, _ := strconv.Atoi(string(m[1]))
	xref := regexp.MustCompile(`^xref\s+0 (\d+)\s+`).FindSubmatch(doc[at:])
	if xref == nil {
		t.Fatalf("startxref %d does not point at an xref table: %q", at, doc[at:min(at+20, len(doc))])
	}
	n, _ := strconv.Atoi(string(xref[1]))
	entries := doc[at+len(xref[0]):]
	p := pdfFile{doc: doc, offsets: map[int]int{}}
	for i := range n {
		e := entries[i*20 : i*20+20]
		if !regexp.MustCompile(`^\d{10} \d{5} [nf][ \r][\n\r]$`).Match(e) {
			t.Fatalf("xref entry %d: %q", i, e)
		}
		off, _ := strconv.Atoi(string(e[:10]))
		if e[17] != 'n' {
			continue
		}
		if want := fmt.Sprintf("%d 0 obj", i); !bytes.HasPrefix(doc[off:], []byte(want)) {
			t.Fatalf("xref: object %d at %d reads %q", i, off, doc[off:min(off+12, len(doc))])
		}
		p.offsets[i] = off
	}
	trailer := entries[n*20:]
	if !bytes.HasPrefix(bytes.TrimSpace(trailer), []byte("trailer")) {
		t.Fatalf("no trailer after the xref table: %q", trailer[:min(40, len(trailer))])
	}
	p.root = refAfter(t, trailer, "/Root")
	if refAfterInt(t, trailer, "/Size ") != n {
		t.Errorf("trailer /Size is not the %d xref entries", n)
	}
	return p
}

// object is object n's text up to its endobj.
func (p pdfFile) object(t *testing.T, n int) []byte {
	t.Helper()
	off, ok := p.offsets[n]
	if !ok {
		t.Fatalf("no object %d in the xref table", n)
	}
	end := bytes.Index(p.doc[off:], []byte("endobj"))
	if end < 0 {
		t.Fatalf("object %d has no endobj", n)
	}
	return p.doc[off : off+end]
}

// refAfter reads the "N 0 R" reference after key.
func refAfter(t *testing.T, b []byte, key string) int {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(key) + `\s+(\d+) 0 R`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("no %s reference in %q", key, b[:min(200, len(b))])
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

func refAfterInt(t *testing.T, b []byte, key string) int {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(key) + `(\d+)`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("no %s in %q", key, b[:min(200, len(b))])
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}
