package reports_test

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"

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
	t.Logf("PDF: %d bytes, %d objects, %d pages, %d images", len(doc), len(p.offsets), count, images)
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
