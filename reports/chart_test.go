package reports_test

import (
	"bytes"
	"image/png"
	"os"
	"testing"

	"github.com/tandemhq/tandem/reports"
	"github.com/tandemhq/tandem/reports/reportstest"
)

// The chart is a PNG of the week's time to acknowledge by side, with the
// colours of both sides drawn. TANDEM_CHART_OUT=file.png keeps it to look at.
func TestAckChartIsAPNG(t *testing.T) {
	r := reports.Compute(reportstest.Incidents(), reportstest.WeekFrom, reportstest.WeekTo, reportstest.Rules())
	data, err := reports.AckChart(r, reportstest.Chicago)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 760 || b.Dy() != 420 {
		t.Fatalf("size %v", b)
	}
	seen := map[[3]uint32]bool{}
	for y := 0; y < img.Bounds().Dy(); y++ {
		for x := 0; x < img.Bounds().Dx(); x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 8, g >> 8, b >> 8}] = true
		}
	}
	for name, c := range map[string][3]uint32{"internal median": {46, 110, 200}, "MSP median": {220, 120, 30}, "MSP p90": {245, 195, 140}} {
		if !seen[c] {
			t.Errorf("no %s bar drawn", name)
		}
	}
	if out := os.Getenv("TANDEM_CHART_OUT"); out != "" {
		os.WriteFile(out, data, 0o644)
	}
	empty, err := reports.AckChart(reports.Compute(nil, reportstest.WeekFrom, reportstest.WeekTo, reportstest.Rules()), reportstest.Chicago)
	if _, derr := png.Decode(bytes.NewReader(empty)); err != nil || derr != nil {
		t.Fatalf("empty week: %v %v", err, derr)
	}
}
