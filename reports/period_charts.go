package reports

import (
	"bytes"
	"fmt"
	"image/color"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// The review's charts, drawn with gonum.org/v1/plot and its Liberation
// fonts (any text, not only ASCII): time to acknowledge and to resolve by
// side week by week, availability per service against its target, and the
// incidents by hour of day and side paged first. Each is a PNG.

// Chart is one chart of the review: a file name, a caption and the PNG.
type Chart struct {
	Name, Title string
	PNG         []byte
}

// ChartWidth and ChartHeight are the size of every review chart, in pixels
// (vg draws PNGs at 96 dots per inch).
const ChartWidth, ChartHeight = 960, 540

var chartColors = map[string]color.RGBA{
	BucketInternal: {46, 110, 200, 255}, BucketMSP: {220, 120, 30, 255},
	BucketManagers: {110, 80, 170, 255}, BucketNone: {120, 120, 120, 255},
}

// ReviewCharts draws the review's charts, times in loc.
func ReviewCharts(r Review, loc *time.Location) ([]Chart, error) {
	if loc == nil {
		loc = time.UTC
	}
	draw := []struct {
		name, title string
		plot        func() (*plot.Plot, error)
	}{
		{"time-to-ack-by-week.png", "Time to acknowledge by side, week by week (median, minutes)",
			func() (*plot.Plot, error) {
				return weeklyPlot(r.Weeks, loc, func(w Week) map[string]Stats { return w.Ack })
			}},
		{"time-to-resolve-by-week.png", "Time to resolve by side, week by week (median, minutes)",
			func() (*plot.Plot, error) {
				return weeklyPlot(r.Weeks, loc, func(w Week) map[string]Stats { return w.Resolve })
			}},
		{"availability.png", "Availability per service (%) against its target", func() (*plot.Plot, error) {
			return availabilityPlot(r.Period.Report.Availability)
		}},
		{"incidents-by-hour.png", "Incidents by hour of day (" + loc.String() + ") and side paged first",
			func() (*plot.Plot, error) { return hoursPlot(r.Hours) }},
	}
	out := make([]Chart, 0, len(draw))
	for _, d := range draw {
		p, err := d.plot()
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", d.name, err)
		}
		p.Title.Text = d.title
		png, err := encodePlot(p)
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", d.name, err)
		}
		out = append(out, Chart{Name: d.name, Title: d.title, PNG: png})
	}
	return out, nil
}

// weeklyPlot draws one line per side bucket through the weeks' medians.
func weeklyPlot(weeks []Week, loc *time.Location, pick func(Week) map[string]Stats) (*plot.Plot, error) {
	p := plot.New()
	p.Y.Label.Text = "minutes"
	p.X.Label.Text = "week starting"
	p.Y.Min = 0
	p.Legend.Top = true
	names := make([]string, len(weeks))
	for i, w := range weeks {
		names[i] = w.From.In(loc).Format("2 Jan") // short: a quarter has 13 or 14 weeks
	}
	for _, side := range Buckets {
		runs := sideRuns(weeks, side, pick)
		for i, pts := range runs {
			line, points, err := plotter.NewLinePoints(pts)
			if err != nil {
				return nil, err
			}
			line.Color, points.Color = chartColors[side], chartColors[side]
			line.Width = vg.Points(2)
			p.Add(line, points)
			if i == 0 {
				p.Legend.Add(bucketLabel(side), line, points)
			}
		}
	}
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.5, float64(len(weeks))-0.5 // every week shows, with or without a value
	p.Add(plotter.NewGrid())
	return p, nil
}

// sideRuns are a side's weekly medians in runs of consecutive weeks: a
// week without a value breaks the line rather than bridging it.
func sideRuns(weeks []Week, side string, pick func(Week) map[string]Stats) []plotter.XYs {
	var runs []plotter.XYs
	var run plotter.XYs
	for i, w := range weeks {
		s, ok := pick(w)[side]
		if !ok || s.N == 0 {
			if len(run) > 0 {
				runs, run = append(runs, run), nil
			}
			continue
		}
		run = append(run, plotter.XY{X: float64(i), Y: s.Median.Minutes()})
	}
	if len(run) > 0 {
		runs = append(runs, run)
	}
	return runs
}

// availabilityPlot draws a bar per service and, where it has one, its
// target as a short line over the bar.
func availabilityPlot(list []Availability) (*plot.Plot, error) {
	p := plot.New()
	p.Y.Label.Text = "%"
	if len(list) == 0 {
		p.X.Label.Text = "no service configured"
		return p, nil
	}
	values := make(plotter.Values, len(list))
	names := make([]string, len(list))
	low := 100.0
	for i, a := range list {
		values[i], names[i] = a.Percent, a.Service
		low = min(low, a.Percent, targetOr(a, 100))
	}
	bars, err := plotter.NewBarChart(values, vg.Points(40))
	if err != nil {
		return nil, err
	}
	bars.Color = chartColors[BucketInternal]
	p.Add(bars)
	legend := false
	for i, a := range list {
		if a.Target == 0 {
			continue
		}
		t, err := plotter.NewLine(plotter.XYs{{X: float64(i) - 0.3, Y: a.Target}, {X: float64(i) + 0.3, Y: a.Target}})
		if err != nil {
			return nil, err
		}
		t.Color, t.Width = color.RGBA{200, 30, 30, 255}, vg.Points(2)
		p.Add(t)
		if !legend {
			p.Legend.Add("target", t)
			legend = true
		}
	}
	// The interesting range is near 100 %: start the axis a little below
	// the lowest bar or target.
	p.Y.Min = max(0, low-(100-low)*0.5-0.1)
	p.Y.Max = 100 + (100-p.Y.Min)*0.05
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.5, float64(len(list))-0.5
	return p, nil
}

func targetOr(a Availability, or float64) float64 {
	if a.Target > 0 {
		return a.Target
	}
	return or
}

// hoursPlot stacks, for each hour of day, the incidents by side paged first.
func hoursPlot(h HourSides) (*plot.Plot, error) {
	p := plot.New()
	p.Y.Label.Text = "incidents"
	p.X.Label.Text = "hour of day"
	p.Legend.Top = true
	var below *plotter.BarChart
	for _, side := range Buckets {
		values := make(plotter.Values, 24)
		drawn := false
		for hour := range h {
			values[hour] = float64(h[hour][side])
			drawn = drawn || values[hour] > 0
		}
		if !drawn {
			continue
		}
		bars, err := plotter.NewBarChart(values, vg.Points(14))
		if err != nil {
			return nil, err
		}
		bars.Color, bars.LineStyle.Width = chartColors[side], 0
		if below != nil {
			bars.StackOn(below)
		}
		below = bars
		p.Add(bars)
		p.Legend.Add(bucketLabel(side), bars)
	}
	names := make([]string, 24)
	for i := range names {
		names[i] = fmt.Sprintf("%02d", i)
	}
	p.NominalX(names...)
	return p, nil
}

func encodePlot(p *plot.Plot) ([]byte, error) {
	w, err := p.WriterTo(vg.Length(ChartWidth)*vg.Inch/96, vg.Length(ChartHeight)*vg.Inch/96, "png")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := w.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
