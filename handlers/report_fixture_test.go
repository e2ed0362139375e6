package handlers_test

import (
	"time"

	"github.com/tandemhq/tandem/reports/reportstest"
)

// The report fixture (reports/reportstest): the week of Mon 23 Nov 2026 in
// America/Chicago with Thanksgiving a holiday; other tests here reuse its
// zone, calendar and people.
var (
	chicago          = reportstest.Chicago
	office           = reportstest.Office
	weekFrom, weekTo = reportstest.WeekFrom, reportstest.WeekTo
	alice, nora      = reportstest.Alice, reportstest.Nora
	fixtureSLA       = reportstest.SLA
)

// local parses "2006-01-02 15:04" in Chicago.
func local(s string) time.Time { return reportstest.Local(s) }
