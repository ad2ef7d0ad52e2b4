package cache

import "sync"

type Cache struct {
	mu   sync.RWMutex
	data map[string]string
}

func (c *Cache) Get(key string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.data[key]
}

func (c *Cache) Put(key, value string) {
	c.mu.RLock()
	// re-read under the lock
	defer c.mu.RUnlock()
	c.data[key] = value
}
