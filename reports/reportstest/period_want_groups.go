package reportstest

import "github.com/tandemhq/tandem/reports"

// SLA targets (SLA): sev1 ack 5m resolve 4h, sev2 15m 8h, sev3 30m 24h,
// sev4 none. A clock still running counts as missed past its target and
// is left out before it; an incident resolved unacknowledged stops its ack
// clock at the resolution (reports.Report.countSLA).

func grp(name string, n, open int, detect, ack, resolve reports.StatsData, slaAck, slaRes reports.RatioData, auto int) reports.GroupData {
	return reports.GroupData{Name: name, Incidents: n, StillOpen: open, TimeToDetect: detect, TimeToAck: ack, TimeToResolve: resolve,
		SLAAck: slaAck, SLAResolve: slaRes, AutoResolvedUnacked: auto}
}

func slaRow(sev, side string, ack, res reports.RatioData) reports.SLAData {
	return reports.SLAData{Severity: sev, Side: side, Ack: ack, Resolve: res}
}

func noise(alert string, firings, incidents, auto int) reports.NoiseData {
	return reports.NoiseData{Alert: alert, Firings: firings, Incidents: incidents, AutoResolvedUnacked: auto}
}

// WantNovemberPeriod is November's own review figures.
func WantNovemberPeriod() reports.PeriodData {
	return reports.PeriodData{
		BySeverity: []reports.GroupData{
			// sev1 #15 23 24 27 34 36 39 40. Detect 1 2 2 2 2 3 3 8; ack 2 3 4 4 5 6 17 20 (median (4+5)/2);
			// resolved 60 120 120 150 200 270 300 (#39 not yet). Ack met: #15 #23 #24 #36 #39; missed #27 20,
			// #34 6, #40 17: 5/8. Resolve met #15 #23 #24 #36 #40, missed #27 5h #34 4h30; #39 pending: 5/7.
			grp("sev1", 8, 1, sd(8, 2, 8), sd(8, 4.5, 20), sd(7, 150, 300), rd(5, 8, 63), rd(5, 7, 71), 0),
			// sev2 #16 17 21 25 28 29 31 35 38. Detect 1 1 3 3 4 5 6 7 15; ack 3 5 8 10 12 16 18 25 (#38 never);
			// resolved 45 90 120 180 180 240 500 600. Ack missed #21 16, #28 25, #35 18, #38 (open 64h): 5/9.
			// Resolve missed #28 10h, #35 8h20, #38 (open 64h): 6/9.
			grp("sev2", 9, 1, sd(9, 4, 15), sd(8, 11, 25), sd(8, 180, 600), rd(5, 9, 56), rd(6, 9, 67), 0),
			// sev3 #18 19 20 26 30 32 37. Detect 1 2 2 3 4 5 10; ack 10 20 35; resolved 4 6 8 15 60 300 1500.
			// Missed only #26 (ack 35m, resolve 25h): 6/7 each. Auto-resolved unacked #19 20 30 37.
			grp("sev3", 7, 0, sd(7, 3, 10), sd(3, 20, 35), sd(7, 15, 1500), rd(6, 7, 86), rd(6, 7, 86), 4),
			// sev4 #22 (ack 30, resolved 600) and #33 (ack 45, open): no alerts, no SLA.
			grp("sev4", 2, 1, sd(0, 0, 0), sd(2, 37.5, 45), sd(1, 600, 600), rd(0, 0, 0), rd(0, 0, 0), 0),
		},
		ByService: []reports.GroupData{
			// database #15 16 21 24 26 27 29 31 33 36 39 40. Detect 1 1 2 2 2 2 3 3 3 4 8 (median the 6th,
			// p90 rank 10); ack 3 3 4 4 5 8 10 16 17 20 35 45 (median (8+10)/2, p90 rank 11); resolved
			// 60 90 120 120 120 180 200 240 300 1500 (median (120+180)/2, p90 rank 9). Ack missed #21 #26 #27 #40
			// of 11 (#33 sev4): 7/11. Resolve: missed #26 #27, #39 pending: 8/10.
			grp("database", 12, 2, sd(11, 2, 4), sd(12, 9, 35), sd(10, 150, 300), rd(7, 11, 64), rd(8, 10, 80), 0),
			// network #17 19 20 23 28 32 34 37 38. Detect 1 1 2 2 3 4 5 7 15; ack 2 6 10 12 25; resolved
			// 4 6 8 60 150 180 270 600 (median (60+150)/2). Missed #28 #34 #38, ack and resolve: 6/9 each.
			grp("network", 9, 1, sd(9, 3, 15), sd(5, 10, 25), sd(8, 105, 600), rd(6, 9, 67), rd(6, 9, 67), 3),
			// backup #18 22 25 30 35. Detect 3 5 6 10; ack 5 18 20 30; resolved 15 45 300 500 600. #35 missed
			// both of 4 (#22 sev4): 3/4.
			grp("backup", 5, 0, sd(4, 5.5, 10), sd(4, 19, 30), sd(5, 300, 600), rd(3, 4, 75), rd(3, 4, 75), 1),
		},
		SLA: []reports.SLAData{
			slaRow("sev1", "internal", rd(2, 2, 100), rd(2, 2, 100)), // #15 #23
			slaRow("sev1", "msp", rd(3, 6, 50), rd(3, 5, 60)),        // ack #24 #36 #39 of 6; resolve #24 #36 #40 of 5
			slaRow("sev2", "internal", rd(2, 2, 100), rd(1, 1, 100)), // ack #16 #31 (Alice); resolve #16 (#31 held by Nora)
			slaRow("sev2", "msp", rd(2, 5, 40), rd(4, 6, 67)),        // ack #17 #29 of #17 21 28 29 35; resolve all but #28 #35 of 6 with #31
			slaRow("sev2", "managers", rd(1, 1, 100), rd(1, 1, 100)), // #25 Maria
			slaRow("sev2", "none", rd(0, 1, 0), rd(0, 1, 0)),         // #38 open, unacked, past both targets
			slaRow("sev3", "internal", rd(0, 1, 0), rd(0, 1, 0)),     // #26
			slaRow("sev3", "msp", rd(2, 2, 100), rd(2, 2, 100)),      // #18 #32
			slaRow("sev3", "none", rd(4, 4, 100), rd(4, 4, 100)),     // #19 20 30 37 auto-resolved within 30m
		},
		// ack 16/24 + resolve 17/23 = 33/47 = 70.2 %
		SLAMet:              rd(33, 47, 70),
		AutoResolvedUnacked: 4,
		Escalations: reports.EscalationsData{Reached: 18, Of: 26, ByReason: map[string][]string{
			// first NOC page after hours: evenings, nights, the weekend, Thanksgiving (#36), by opening time
			"after_hours": {"INC-17", "INC-18", "INC-24", "INC-28", "INC-29", "INC-32", "INC-36", "INC-38", "INC-39"},
			// step 2 in business hours, 15 minutes after acme-it did not acknowledge; #40 opened 19 Nov, before #35
			"no_ack":     {"INC-21", "INC-27", "INC-40", "INC-35"},
			"manual":     {"INC-23"},                               // Alice escalated to the NOC 4 minutes in
			"first_step": {"INC-19", "INC-20", "INC-34", "INC-37"}, // network in business hours
		}},
		Noisiest: []reports.NoiseData{
			noise("DBDown", 7, 6, 0),       // #15 24 27 36 39 once, #40 twice
			noise("LinkFlap", 7, 4, 3),     // #19 3, #20 2, #32, #37; auto #19 20 37
			noise("BackupFailed", 5, 4, 1), // #18, #25, #30 twice, #35; auto #30
			noise("LinkDown", 3, 3, 0),     // #17 28 38: 3 firings, more incidents than DBReplicaLag's
			noise("DBReplicaLag", 3, 2, 0), // #16 twice, #29
		},
		// 12 tickets: ConnectWise #17 179, #18 298, #23 146, #24 119, #28 599, #35 484, #36 199 (#38 open);
		// HaloPSA #21 225, #27 285, #34 269, #40 105 (room created to resolved, minutes).
		Tickets: reports.TicketsData{Opened: 12, Open: 1, ResolutionTime: map[string]reports.StatsData{
			"connectwise": sd(7, 199, 599),  // 119 146 179 199 298 484 599
			"halopsa":     sd(4, 247, 285),  // 105 225 269 285: (225+269)/2
			"all":         sd(11, 225, 484), // the 6th; rank 10
		}},
		// #33 open 10d15h (15300m), #38 open 2d16h (3840m), #26 1500, #22 and #28 600 (by number).
		Slowest: []reports.SlowData{{ID: "INC-33", Seconds: 15300 * 60, Open: true}, {ID: "INC-38", Seconds: 3840 * 60, Open: true},
			{ID: "INC-26", Seconds: 1500 * 60}, {ID: "INC-22", Seconds: 600 * 60}, {ID: "INC-28", Seconds: 600 * 60}},
	}
}
