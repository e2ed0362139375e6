package redisstore

import (
	"context"
	"crypto/rand"
	"fmt"
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
	fresh := rand.Text()[:16]
	if err := s.rdb.SetNX(ctx, s.keys.deployment(), fresh, 0).Err(); err != nil {
		return "", fmt.Errorf("redisstore: deployment ID: %w", err)
	}
	id, err := s.rdb.Get(ctx, s.keys.deployment()).Result()
	if err != nil {
		return "", fmt.Errorf("redisstore: deployment ID: %w", err)
	}
	s.deployment.Store(&id)
	return id, nil
}
