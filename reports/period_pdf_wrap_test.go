package reports_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem/reports"
)

// A table cell wider than its column (a quarter's list of escalated
// incidents) wraps in the PDF: every incident ID is printed, none is cut.
func TestReviewPDFWrapsLongCells(t *testing.T) {
	var ids []string
	for i := 100; i < 160; i++ {
		ids = append(ids, fmt.Sprintf("INC-%d", i))
	}
	md := "# Operational review\n\n| Why | Incidents | Which |\n|---|---|---|\n| after hours | 60 | " + strings.Join(ids, ", ") + " |\n\nEnd.\n"
	doc, err := reports.RenderReviewPDF(md, nil, time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	p := parsePDF(t, doc)
	var text strings.Builder
	for n := range p.offsets {
		if obj := p.object(t, n); regexp.MustCompile(`/Type /Page\b[^s]`).Match(obj) {
			text.WriteString(pageText(t, p.stream(t, refAfter(t, obj, "/Contents"))))
		}
	}
	got := strings.Join(strings.Fields(text.String()), " ")
	for _, id := range ids {
		if !regexp.MustCompile(`\b` + id + `\b`).MatchString(got) {
			t.Fatalf("the PDF lacks %s:\n%s", id, got)
		}
	}
	if !strings.Contains(got, "after hours") || !strings.Contains(got, "End.") {
		t.Fatalf("text:\n%s", got)
	}
}
