package reportstest

import "github.com/tandemhq/tandem/reports"

func week(from string, n int, ack, resolve map[string]float64) reports.WeekData {
	return reports.WeekData{From: utc(from), Incidents: n, TimeToAck: ack, TimeToResolve: resolve}
}

// min60 turns minutes into the seconds of the data.
func min60(m float64) float64 { return m * 60 }

// WantWeeks is November week by week from Sunday 1 November (the last
// week two days long): the median time to acknowledge and to resolve by
// side, of the week's incidents as of its end.
func WantWeeks() []reports.WeekData {
	return []reports.WeekData{
		// #15–#24. Ack: Alice #23 2, #15 3, #16 10, #22 30: (3+10)/2; Nora #24 4, #17 12, #21 16, #18 20: (12+16)/2.
		// Resolve: Alice #15 60, #16 90, #23 150, #22 600: (90+150)/2; Nora #24 120, #17 180, #21 240, #18 300:
		// (180+240)/2; nobody #20 6, #19 8: 7.
		week("2026-11-01 00:00", 10, map[string]float64{"internal": min60(6.5), "msp": min60(14)},
			map[string]float64{"internal": min60(120), "msp": min60(210), "none": min60(7)}),
		// #25 Maria 5/45; #26 Alice 35/1500 (resolved 11 Nov 09:30); #27 20/300, #28 25/600 Nora.
		week("2026-11-08 00:00", 4, map[string]float64{"managers": min60(5), "internal": min60(35), "msp": min60(22.5)},
			map[string]float64{"managers": min60(45), "internal": min60(1500), "msp": min60(450)}),
		// #29 #30 #31 #32 #40 #33. Ack Nora #29 3, #32 10, #40 17; Alice #31 8, #33 45: 26.5.
		// Resolve held by Nora #32 60, #29 120, #40 120, #31 180: 120; nobody #30 15; #33 open.
		week("2026-11-15 00:00", 6, map[string]float64{"msp": min60(10), "internal": min60(26.5)},
			map[string]float64{"msp": min60(120), "none": min60(15)}),
		// #34–#38. Ack Nora #36 5, #34 6, #35 18; resolve #36 200, #34 270, #35 500; nobody #37 4; #38 open.
		week("2026-11-22 00:00", 5, map[string]float64{"msp": min60(6)}, map[string]float64{"msp": min60(270), "none": min60(4)}),
		// #39 only, acked in 4, resolved after the end.
		week("2026-11-29 00:00", 1, map[string]float64{"msp": min60(4)}, map[string]float64{}),
	}
}

// WantHours is November's incidents by the hour they opened (UTC) and the
// side paged first (#23: acme-it at the opening, the NOC 4 minutes later).
func WantHours() [24]map[string]int {
	var h [24]map[string]int
	for i := range h {
		h[i] = map[string]int{}
	}
	const I, M = reports.BucketInternal, reports.BucketMSP
	h[1][M] = 1               // #29
	h[2][M] = 1               // #24
	h[3][M] = 1               // #18
	h[8][I], h[8][M] = 1, 1   // #26; #38
	h[9][I] = 4               // #15 #16 #22 #33
	h[10][I], h[10][M] = 1, 3 // #25; #19 #34 #36
	h[11][I], h[11][M] = 1, 1 // #30; #20
	h[12][I] = 1              // #35
	h[13][I] = 1              // #27
	h[14][I], h[14][M] = 1, 1 // #21; #37
	h[15][I] = 1              // #31
	h[16][I] = 2              // #23 #40
	h[19][M], h[20][M] = 1, 1 // #28; #17
	h[21][M], h[22][M] = 1, 1 // #39; #32
	return h
}
