package reportstest

import "github.com/tandemhq/tandem/reports"

// WantOctoberPeriod is October's own review figures (the previous period).
func WantOctoberPeriod() reports.PeriodData {
	return reports.PeriodData{
		BySeverity: []reports.GroupData{
			// sev1 #2 5 10 14. Detect 2 3 4 5; ack 3 4 4 8; resolved 90 150 300 (#14 not yet). Ack missed
			// #2 8m: 3/4. Resolve missed #2 5h, #14 pending: 2/3.
			grp("sev1", 4, 1, sd(4, 3.5, 5), sd(4, 4, 8), sd(3, 150, 300), rd(3, 4, 75), rd(2, 3, 67), 0),
			// sev2 #1 6 7 11 13. Detect 1 2 2 3 6; ack 2 10 12 16 30; resolved 100 120 200 360 480.
			// Ack missed #7 16, #11 30: 3/5; resolve all (#11 exactly 8h): 5/5.
			grp("sev2", 5, 0, sd(5, 2, 6), sd(5, 12, 30), sd(5, 200, 480), rd(3, 5, 60), rd(5, 5, 100), 0),
			// sev3 #3 4 9 12. Detect 1 2 4 5; ack 20 25; resolved 5 6 180 240 ((6+180)/2 = 93). All met.
			grp("sev3", 4, 0, sd(4, 3, 5), sd(2, 22.5, 25), sd(4, 93, 240), rd(4, 4, 100), rd(4, 4, 100), 2),
			grp("sev4", 1, 0, sd(0, 0, 0), sd(1, 60, 60), sd(1, 1440, 1440), rd(0, 0, 0), rd(0, 0, 0), 0), // #8
		},
		ByService: []reports.GroupData{
			// database #1 5 6 9 10 14. Detect 2 2 3 4 5 6; ack 3 4 4 10 12 25; resolved 90 120 150 180 360.
			grp("database", 6, 1, sd(6, 3.5, 6), sd(6, 7, 25), sd(5, 150, 360), rd(6, 6, 100), rd(5, 5, 100), 0),
			// network #2 4 7 12 13. Detect 1 1 2 2 4; ack 2 8 16; resolved 5 6 100 200 300. Ack missed #2 #7,
			// resolve missed #2.
			grp("network", 5, 0, sd(5, 2, 4), sd(3, 8, 16), sd(5, 100, 300), rd(3, 5, 60), rd(4, 5, 80), 2),
			// backup #3 8 11. Detect 3 5; ack 20 30 60; resolved 240 480 1440. #11's ack missed.
			grp("backup", 3, 0, sd(2, 4, 5), sd(3, 30, 60), sd(3, 480, 1440), rd(1, 2, 50), rd(2, 2, 100), 0),
		},
		SLA: []reports.SLAData{
			slaRow("sev1", "internal", rd(1, 1, 100), rd(1, 1, 100)), // #5
			slaRow("sev1", "msp", rd(2, 3, 67), rd(1, 2, 50)),        // ack #10 #14, not #2; resolve #10, not #2
			slaRow("sev2", "internal", rd(2, 3, 67), rd(3, 3, 100)),  // #1 #11 #13; #11 acked in 30m
			slaRow("sev2", "msp", rd(1, 2, 50), rd(2, 2, 100)),       // #6, #7 acked in 16m
			slaRow("sev3", "internal", rd(2, 2, 100), rd(2, 2, 100)), // #3 #9
			slaRow("sev3", "none", rd(2, 2, 100), rd(2, 2, 100)),     // #4 #12
		},
		SLAMet:              rd(21, 25, 84), // ack 10/13 + resolve 11/12
		AutoResolvedUnacked: 2,              // #4 #12
		Escalations: reports.EscalationsData{Reached: 8, Of: 14, ByReason: map[string][]string{
			"after_hours": {"INC-2", "INC-6", "INC-10", "INC-14"}, // Fri 21:00, Sat 03:00, Wed 23:00, Sat 23:00
			"no_ack":      {"INC-7"},
			"manual":      {"INC-13"},
			"first_step":  {"INC-4", "INC-12"},
		}},
		Noisiest: []reports.NoiseData{
			noise("DBDown", 3, 3, 0),   // #5 10 14
			noise("LinkFlap", 3, 2, 2), // #4, #12 twice
			noise("BackupFailed", 2, 2, 0),
			noise("LinkDown", 2, 2, 0),
			noise("CoreSwitchDown", 1, 1, 0), // first by name of the four alerts that fired once
		},
		// ConnectWise #2 298, #6 359, #10 149 (#14 open at the end); HaloPSA #7 185, #13 97.
		Tickets: reports.TicketsData{Opened: 6, Open: 1, ResolutionTime: map[string]reports.StatsData{
			"connectwise": sd(3, 298, 359), "halopsa": sd(2, 141, 185), "all": sd(5, 185, 359)}},
		Slowest: []reports.SlowData{{ID: "INC-8", Seconds: 1440 * 60}, {ID: "INC-11", Seconds: 480 * 60},
			{ID: "INC-6", Seconds: 360 * 60}, {ID: "INC-2", Seconds: 300 * 60}, {ID: "INC-3", Seconds: 240 * 60}},
	}
}

func trend(figure string, now, before, change float64, arrow string) reports.Trend {
	return reports.Trend{Figure: figure, Now: now, Before: before, Change: change, Arrow: arrow}
}

// WantReview is the whole review data of November, against October.
func WantReview() reports.ReviewData {
	rep := WantNovember()
	oct := WantOctober()
	rep.Previous = &oct
	// The report's own trends: medians over every side and availability.
	rep.Trends = []reports.Trend{
		trend("time_to_detect.median_seconds", 180, 180, 0, "→"),
		trend("time_to_first_page.median_seconds", 0, 0, 0, "→"),
		trend("time_to_ack.median_seconds", 600, 660, -60, "↓"),
		trend("time_to_resolve.median_seconds", 9000, 10800, -1800, "↓"),
		trend("availability.backup.percent", 98.738, 98.925, -0.187, "↓"),
		trend("availability.database.percent", 96.343, 98.253, -1.91, "↓"),
		trend("availability.network.percent", 88.333, 98.656, -10.323, "↓"),
	}
	trends := append([]reports.Trend{trend("incidents", 26, 14, 12, "↑")}, rep.Trends...)
	trends = append(trends,
		trend("sla_met.percent", 70, 84, -14, "↓"),
		trend("escalations_to_msp", 18, 8, 10, "↑"),
		trend("auto_resolved_unacked", 4, 2, 2, "↑"),
		trend("ticket_resolution.median_seconds", 225*60, 185*60, 40*60, "↑"))
	return reports.ReviewData{Report: rep, Period: WantNovemberPeriod(), Previous: WantOctoberPeriod(), Trends: trends,
		Weeks: WantWeeks(), HoursOfDay: WantHours()}
}
