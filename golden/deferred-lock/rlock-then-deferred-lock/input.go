package cache

import "sync"

type Cache struct {
	mu   sync.RWMutex
	data map[string]string
}

func (c *Cache) Get(key string) string {
	c.mu.RLock()
	defer c.mu.Lock()
	return c.data[key]
}

func (c *Cache) Put(key, value string) {
	c.mu.Lock()
	defer c.mu.RLock()
	c.data[key] = value
}
