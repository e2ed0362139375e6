package config

// DefaultMaxNewPerMinute is the storm guard's default: past this many new
// alert groups of one source in one minute, further new groups join one
// storm incident instead of opening one incident (and one page) each.
const DefaultMaxNewPerMinute = 60

// sourceLimitDefaults fills the storm guard of one source. A written 0 is
// kept so that validation can reject it: the guard is turned off by a high
// number, never by accident.
func sourceLimitDefaults(s *Source, path string, rep *report) {
	if !rep.has(path + ".max_new_per_minute") {
		s.MaxNewPerMinute = DefaultMaxNewPerMinute
	}
}

// sourceLimits checks the storm guard of the source at path p.
func (v *validator) sourceLimits(p string, s *Source) {
	if s.MaxNewPerMinute < 1 {
		v.rep.errf(p+".max_new_per_minute", "must be at least 1 (new alert groups a minute before they join one storm incident; set it high, e.g. 100000, to let every group open its own incident)")
	}
}
