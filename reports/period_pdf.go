package reports

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"codeberg.org/go-pdf/fpdf"
)

// The review as a PDF for the quarterly meeting, with
// codeberg.org/go-pdf/fpdf: the Markdown review laid out (headings, text,
// tables), then each chart on a page of its own. The text is set in
// Liberation Sans, a Unicode TrueType font, so service names, arrows and
// dashes print as written; the emoji marks of the Markdown, which the
// font lacks, are spelled out.

// pdfMarks replaces what Liberation Sans cannot draw, and the Markdown
// escapes, which are no markup in a PDF.
var pdfMarks = strings.NewReplacer("✅ ", "", "❌ ", "", `\\`, `\`, "\\`", "`", `\*`, "*", `\_`, "_",
	`\[`, "[", `\]`, "]", `\|`, "|", `\#`, "#", "&lt;", "<", "&gt;", ">")

// RenderReviewPDF lays out the review (as RenderReviewMarkdown writes it)
// and its charts in an A4 PDF. created is its creation date.
func RenderReviewPDF(markdown string, charts []Chart, created time.Time) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.AddUTF8FontFromBytes("sans", "", liberationsansregular.TTF)
	pdf.AddUTF8FontFromBytes("sans", "B", liberationsansbold.TTF)
	pdf.SetTitle(strings.TrimPrefix(firstLine(markdown), "# "), true)
	pdf.SetAutoPageBreak(true, 15)
	pdf.AddPage()
	var table [][]string
	for _, line := range strings.Split(markdown, "\n") {
		if strings.HasPrefix(line, "|") {
			table = append(table, tableCells(line))
			continue
		}
		if table != nil {
			pdfTable(pdf, table)
			table = nil
		}
		pdfLine(pdf, line)
	}
	if table != nil {
		pdfTable(pdf, table)
	}
	for i, c := range charts {
		pdf.AddPage()
		pdf.SetFont("sans", "B", 12)
		pdf.MultiCell(0, 6, c.Title, "", "L", false)
		name := fmt.Sprintf("chart%d", i)
		pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(c.PNG))
		pdf.ImageOptions(name, pdf.GetX(), pdf.GetY()+2, 180, 0, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	}
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("review PDF: %w", err)
	}
	return b.Bytes(), nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// pdfLine sets one line of Markdown: a heading, or text.
func pdfLine(pdf *fpdf.Fpdf, line string) {
	switch {
	case strings.HasPrefix(line, "# "):
		pdf.SetFont("sans", "B", 16)
		pdf.MultiCell(0, 8, pdfMarks.Replace(line[2:]), "", "L", false)
	case strings.HasPrefix(line, "## "):
		pdf.Ln(2)
		pdf.SetFont("sans", "B", 12)
		pdf.MultiCell(0, 6, pdfMarks.Replace(line[3:]), "", "L", false)
	case line == "":
		pdf.Ln(2)
	default:
		pdf.SetFont("sans", "", 9)
		pdf.MultiCell(0, 4.5, pdfMarks.Replace(line), "", "L", false)
	}
}

// tableCells splits a Markdown table row into its cells; escaped bars
// stay in their cell.
func tableCells(line string) []string {
	line = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(line), "|"), "|")
	parts := strings.Split(strings.ReplaceAll(line, `\|`, "\x00"), "|")
	for i, p := range parts {
		parts[i] = pdfMarks.Replace(strings.ReplaceAll(strings.TrimSpace(p), "\x00", `\|`))
	}
	return parts
}

// pdfTable sets a table: the first row bold, the separator row left out,
// columns sized to their longest cell within the page.
func pdfTable(pdf *fpdf.Fpdf, rows [][]string) {
	width := pdfColumns(pdf, rows)
	for i, row := range rows {
		if i == 1 && strings.Trim(strings.Join(row, ""), "-: ") == "" {
			continue
		}
		style := ""
		if i == 0 {
			style = "B"
		}
		pdf.SetFont("sans", style, 7.5)
		for j, cell := range row {
			if j < len(width) {
				text := cell
				for len(text) > 0 && pdf.GetStringWidth(text) > width[j]-1 {
					text = string([]rune(text)[:len([]rune(text))-1])
				}
				pdf.CellFormat(width[j], 5, text, "1", 0, "L", false, 0, "")
			}
		}
		pdf.Ln(5)
	}
	pdf.Ln(2)
}

// pdfColumns sizes each column to its widest cell, scaled down to the
// page's width when they are wider together.
func pdfColumns(pdf *fpdf.Fpdf, rows [][]string) []float64 {
	w := make([]float64, len(rows[0]))
	for i, row := range rows {
		style := map[bool]string{true: "B", false: ""}[i == 0] // the header is set in bold
		pdf.SetFont("sans", style, 7.5)
		for j, cell := range row {
			if j < len(w) {
				w[j] = max(w[j], pdf.GetStringWidth(cell)+2)
			}
		}
	}
	page, _ := pdf.GetPageSize()
	left, _, right, _ := pdf.GetMargins()
	total := 0.0
	for _, v := range w {
		total += v
	}
	if avail := page - left - right; total > avail {
		for j := range w {
			w[j] *= avail / total
		}
	}
	return w
}
