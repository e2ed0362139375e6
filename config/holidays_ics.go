package config

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// A calendar's holidays may also come from an iCalendar file
// (calendars.<name>.holidays_ics), read at load time. The reader is
// registered by the package that speaks iCalendar (the bot registers
// ical.Holidays), so this package stays free of it.

var (
	holidayReaderMu sync.Mutex
	holidayReader   func(io.Reader) ([]string, error)
)

// maxHolidayFile bounds a holidays_ics file.
const maxHolidayFile = 1 << 20

// RegisterHolidayReader sets how holidays_ics files are read: the dates
// ("YYYY-MM-DD") of their events.
func RegisterHolidayReader(read func(io.Reader) ([]string, error)) {
	holidayReaderMu.Lock()
	defer holidayReaderMu.Unlock()
	holidayReader = read
}

// holidayFiles adds the dates of each calendar's holidays_ics file
// (relative to baseDir) to its holidays; a date already listed is kept once.
func holidayFiles(c *Config, rep *report, baseDir string) {
	for _, name := range sortedKeys(c.Calendars) {
		cal, p := c.Calendars[name], "calendars."+name+".holidays_ics"
		if cal.HolidaysICS == "" {
			continue
		}
		dates, err := readHolidayFile(cal.HolidaysICS, baseDir)
		if err != nil {
			rep.errf(p, "%v", err)
			continue
		}
		for _, d := range dates {
			if !slices.Contains(cal.Holidays, d) {
				cal.Holidays = append(cal.Holidays, d)
			}
		}
	}
}

func readHolidayFile(path, baseDir string) ([]string, error) {
	holidayReaderMu.Lock()
	read := holidayReader
	holidayReaderMu.Unlock()
	if read == nil {
		return nil, fmt.Errorf("this build cannot read iCalendar files")
	}
	if !filepath.IsAbs(path) && baseDir != "" {
		path = filepath.Join(baseDir, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	defer f.Close()
	dates, err := read(io.LimitReader(f, maxHolidayFile))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return dates, nil
}
