package redisstore

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/redis/go-redis/v9"
)

// go-redis logs connection trouble through a package-wide logger that
// prints to stderr. While Redis is down that is one line per dial attempt;
// route it to slog at debug level instead (readiness and webhook answers
// already tell operators the store is down).
var quietOnce sync.Once

type debugLogger struct{ log *slog.Logger }

func (l debugLogger) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, fmt.Sprintf(format, v...), "component", "go-redis")
}

func quietRedisLogs(log *slog.Logger) {
	quietOnce.Do(func() { redis.SetLogger(debugLogger{log: log}) })
}
