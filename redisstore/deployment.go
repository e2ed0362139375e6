package redisstore

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// DeploymentID names this deployment (this Redis and key prefix): a random
// ID made by the first process that asks and kept for good. The keys of
// Tandem's chat posts start with it, so two deployments posting in one
// team channel (staging and production, two customers of one MSP) never
// take each other's message for their own.
func (s *Store) DeploymentID(ctx context.Context) (string, error) {
	if id := s.deployment.Load(); id != nil {
		return *id, nil
	}
	// Confirmed by the replicas like a commit (with WaitReplicas): a
	// failover must not hand out a second ID.
	fresh := rand.Text()[:16]
	var set *redis.BoolCmd
	werr := s.replicated(ctx, func(c redis.Cmdable) { set = c.SetNX(ctx, s.keys.deployment(), fresh, 0) })
	if err := errors.Join(set.Err(), werr); err != nil {
		return "", fmt.Errorf("redisstore: deployment ID: %w", err)
	}
	id, err := s.rdb.Get(ctx, s.keys.deployment()).Result()
	if err != nil {
		return "", fmt.Errorf("redisstore: deployment ID: %w", err)
	}
	s.deployment.Store(&id)
	return id, nil
}
