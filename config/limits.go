package config

// sourceLimits checks the storm guard of the source at path p.
func (v *validator) sourceLimits(p string, s *Source) {
	if s.MaxNewPerMinute < 1 {
		v.rep.errf(p+".max_new_per_minute", "must be at least 1 (new alert groups a minute before they join one storm incident; set it high, e.g. 100000, to let every group open its own incident)")
	}
}
