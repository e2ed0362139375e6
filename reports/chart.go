package reports

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// The chart of a report: time to acknowledge by side, as a PNG drawn in
// pure Go (no fonts to install: the 7x13 bitmap face of x/image). Each side
// gets a bar for the median and one for the p90, and a dot per incident,
// so a manager sees both the typical case and the spread.

const (
	chartW, chartH = 760, 420
	plotLeft       = 70
	plotRight      = chartW - 30
	plotTop        = 60
	plotBottom     = chartH - 70
)

var (
	chartBG   = color.RGBA{255, 255, 255, 255}
	chartInk  = color.RGBA{40, 40, 40, 255}
	chartGrid = color.RGBA{225, 225, 225, 255}
	chartDot  = color.RGBA{30, 30, 30, 200}
	// sideColors: median bar, p90 bar (lighter).
	sideColors = map[string][2]color.RGBA{
		BucketInternal: {{46, 110, 200, 255}, {150, 185, 235, 255}},
		BucketMSP:      {{220, 120, 30, 255}, {245, 195, 140, 255}},
		BucketManagers: {{110, 80, 170, 255}, {190, 170, 225, 255}},
		BucketNone:     {{120, 120, 120, 255}, {200, 200, 200, 255}},
	}
)

// AckChart draws r's time to acknowledge by side as a PNG.
func AckChart(r Report, loc *time.Location) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, chartW, chartH))
	draw.Draw(img, img.Bounds(), image.NewUniform(chartBG), image.Point{}, draw.Src)
	text(img, 20, 25, chartInk, "Time to acknowledge by side (median, p90, each incident)")
	text(img, 20, 42, chartInk, fmt.Sprintf("%s to %s (%s)", r.From.In(loc).Format("Mon 02 Jan 15:04"), r.To.In(loc).Format("Mon 02 Jan 2006 15:04"), loc))
	var sides []string
	top := time.Duration(0)
	for _, b := range Buckets {
		if s, ok := r.Ack[b]; ok && s.N > 0 {
			sides = append(sides, b)
			top = max(top, s.Values[s.N-1])
		}
	}
	if len(sides) == 0 {
		text(img, plotLeft, (plotTop+plotBottom)/2, chartInk, "No incident was acknowledged in this period.")
		return encodePNG(img)
	}
	step, ticks := axisTicks(top)
	scale := func(d time.Duration) int {
		return plotBottom - int(float64(plotBottom-plotTop)*float64(d)/float64(step*time.Duration(ticks)))
	}
	drawAxis(img, step, ticks, scale)
	group := (plotRight - plotLeft) / len(sides)
	for i, side := range sides {
		drawSide(img, r.Ack[side], side, plotLeft+i*group, group, scale)
	}
	return encodePNG(img)
}

// axisTicks picks a step of 1, 2 or 5 times a power of ten (in seconds or
// minutes) so that at most six steps cover top.
func axisTicks(top time.Duration) (time.Duration, int) {
	top = max(top, time.Minute)
	for _, unit := range []time.Duration{time.Second, time.Minute, time.Hour} {
		for _, pow := range []float64{1, 10, 100} {
			for _, m := range []float64{1, 2, 5} {
				step := time.Duration(m * pow * float64(unit))
				if n := int(math.Ceil(float64(top) / float64(step))); n <= 6 {
					return step, max(n, 1)
				}
			}
		}
	}
	step := 24 * time.Hour
	return step, int(math.Ceil(float64(top) / float64(step)))
}

func drawAxis(img *image.RGBA, step time.Duration, ticks int, scale func(time.Duration) int) {
	for i := 0; i <= ticks; i++ {
		d := step * time.Duration(i)
		y := scale(d)
		fill(img, plotLeft, y, plotRight, y+1, chartGrid)
		label := Duration(d)
		text(img, plotLeft-8-7*len(label), y+4, chartInk, label)
	}
	fill(img, plotLeft, plotTop, plotLeft+1, plotBottom+1, chartInk)
	fill(img, plotLeft, plotBottom, plotRight, plotBottom+1, chartInk)
}

// drawSide draws one side's bars, dots and labels in its column group.
func drawSide(img *image.RGBA, s Stats, side string, x0, width int, scale func(time.Duration) int) {
	c := sideColors[side]
	bar := min(60, width/4)
	mid := x0 + width/2
	medX, p90X := mid-bar-4, mid+4
	fill(img, medX, scale(s.Median), medX+bar, plotBottom, c[0])
	fill(img, p90X, scale(s.P90), p90X+bar, plotBottom, c[1])
	centered(img, medX+bar/2, scale(s.Median)-6, chartInk, Duration(s.Median))
	centered(img, p90X+bar/2, scale(s.P90)-6, chartInk, Duration(s.P90))
	for i, v := range s.Values {
		// Spread the dots across the group so equal values stay visible.
		x := x0 + width/8 + (i*width*3/4)/max(1, len(s.Values)-1)
		if len(s.Values) == 1 {
			x = mid
		}
		dot(img, x, scale(v), chartDot)
	}
	centered(img, mid, plotBottom+18, chartInk, fmt.Sprintf("%s (n=%d)", bucketLabel(side), s.N))
	centered(img, mid, plotBottom+34, chartInk, "median | p90")
}

func fill(img *image.RGBA, x0, y0, x1, y1 int, c color.Color) {
	if y0 > y1 {
		y0, y1 = y1, y0
	}
	draw.Draw(img, image.Rect(x0, y0, x1, y1), image.NewUniform(c), image.Point{}, draw.Over)
}

func dot(img *image.RGBA, x, y int, c color.Color) {
	for dy := -3; dy <= 3; dy++ {
		for dx := -3; dx <= 3; dx++ {
			if dx*dx+dy*dy <= 9 {
				img.Set(x+dx, y+dy, c)
			}
		}
	}
}

// text draws ASCII s with its baseline at y.
func text(img *image.RGBA, x, y int, c color.Color, s string) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func centered(img *image.RGBA, x, y int, c color.Color, s string) {
	text(img, x-7*len(s)/2, y, c, s)
}

func encodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return b.Bytes(), nil
}
