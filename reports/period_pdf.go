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
// a cell wider than its column wrapped onto more lines (never cut).
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
		pdfRow(pdf, row, width, style)
	}
	pdf.Ln(2)
}

// pdfRow sets one table row as tall as its longest wrapped cell, on the
// next page when it does not fit on this one.
func pdfRow(pdf *fpdf.Fpdf, row []string, width []float64, style string) {
	const lineH = 4.0
	pdf.SetFont("sans", style, 7.5)
	lines := make([][]string, len(width))
	n := 1
	for j := range width {
		if j < len(row) {
			lines[j] = pdf.SplitText(row[j], width[j])
		}
		n = max(n, len(lines[j]))
	}
	h := float64(n)*lineH + 1
	_, pageH := pdf.GetPageSize()
	if _, _, _, bottom := pdf.GetMargins(); pdf.GetY()+h > pageH-bottom {
		pdf.AddPage()
	}
	x0, y := pdf.GetXY()
	x := x0
	for j, w := range width {
		pdf.Rect(x, y, w, h, "D")
		for k, line := range lines[j] {
			pdf.SetXY(x, y+0.5+float64(k)*lineH)
			pdf.CellFormat(w, lineH, line, "", 0, "L", false, 0, "")
		}
		x += w
	}
	pdf.SetXY(x0, y+h)
}

// pdfColumns sizes each column to its widest cell; when they are wider
// together than the page, the columns narrower than an equal share keep
// their width (figures are short) and the wider ones share the rest in
// proportion, their cells wrapping.
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
	fitColumns(w, page-left-right)
	return w
}

// fitColumns narrows the widest columns of w until they fit in avail.
func fitColumns(w []float64, avail float64) {
	total := 0.0
	for _, v := range w {
		total += v
	}
	if total <= avail {
		return
	}
	fixed := make([]bool, len(w))
	for {
		rest, wide, open := avail, 0.0, 0
		for j, v := range w {
			if fixed[j] {
				rest -= v
			} else {
				wide, open = wide+v, open+1
			}
		}
		changed := false
		for j, v := range w {
			if !fixed[j] && v <= rest/float64(open) {
				fixed[j], changed = true, true
			}
		}
		if !changed {
			for j := range w {
				if !fixed[j] {
					w[j] *= rest / wide
				}
			}
			return
		}
	}
}
