package teams

import "time"

// timeNow is the wall clock: Microsoft signs tokens with real time, so
// their exp and nbf are checked against it, not the incidents' clock.
var timeNow = time.Now
