package reports_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tandemhq/tandem/reports"
)

// Each chart decodes as a PNG of the documented size, is not blank, and
// shows the colours of the sides it draws (internal blue, MSP orange).
func TestReviewChartsDecodeSizedAndNotBlank(t *testing.T) {
	charts, err := reports.ReviewCharts(novemberReview(""), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"time-to-ack-by-week.png", "time-to-resolve-by-week.png", "availability.png", "incidents-by-hour.png"}
	if len(charts) != len(names) {
		t.Fatalf("%d charts", len(charts))
	}
	for i, c := range charts {
		if c.Name != names[i] {
			t.Errorf("chart %d is %s, want %s", i, c.Name, names[i])
		}
		img, err := png.Decode(bytes.NewReader(c.PNG))
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if b := img.Bounds(); b.Dx() != reports.ChartWidth || b.Dy() != reports.ChartHeight {
			t.Errorf("%s is %dx%d", c.Name, b.Dx(), b.Dy())
		}
		colours, blue, orange := census(img)
		if colours < 10 {
			t.Errorf("%s has %d colours: blank?", c.Name, colours)
		}
		if !blue || (c.Name != "availability.png" && !orange) {
			t.Errorf("%s lacks the sides' colours (internal %v, MSP %v)", c.Name, blue, orange)
		}
		if dir := os.Getenv("TANDEM_CHART_DIR"); dir != "" {
			os.WriteFile(filepath.Join(dir, c.Name), c.PNG, 0o644)
		}
	}
}

// census counts an image's distinct colours and whether it shows the
// internal side's blue and the MSP's orange.
func census(img image.Image) (int, bool, bool) {
	seen := map[color.RGBA]bool{}
	var blue, orange bool
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			c := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), uint8(a >> 8)}
			seen[c] = true
			blue = blue || c == color.RGBA{46, 110, 200, 255}
			orange = orange || c == color.RGBA{220, 120, 30, 255}
		}
	}
	return len(seen), blue, orange
}

// Service names outside ASCII are drawn with the plot's real fonts.
func TestReviewChartsTakeAnyText(t *testing.T) {
	r := novemberReview("")
	r.Period.Report.Availability[0].Service = "Zürich ☁ 数据库"
	charts, err := reports.ReviewCharts(r, time.UTC)
	if err != nil || len(charts[2].PNG) == 0 {
		t.Fatalf("availability chart: %v", err)
	}
}
