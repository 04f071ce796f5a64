package workload

import (
	"fmt"
	"strings"
)

// Environment is a copy of the system that runs beside production, such as
// development or staging, at a fraction of production's traffic.
type Environment struct {
	Name string `yaml:"name" json:"name"`
	// TrafficScale is the environment's traffic as a fraction of
	// production's (0.05 = 5 %).
	TrafficScale float64 `yaml:"traffic_scale" json:"traffic_scale"`
}

// validateEnvironments checks the environments list.
func (s *Spec) validateEnvironments(v *validator) {
	seen := map[string]bool{}
	for i, e := range s.Environments {
		p := fmt.Sprintf("$.environments[%d]", i)
		switch {
		case !ComponentNamePattern.MatchString(e.Name):
			v.add(p+".name", "%q is not a valid environment name (valid: lowercase letters, digits and hyphens, e.g. staging)", e.Name)
		case strings.EqualFold(e.Name, "production") || strings.EqualFold(e.Name, "prod"):
			v.add(p+".name", "production is the spec itself; list only the other environments (e.g. dev, staging)")
		case seen[e.Name]:
			v.add(p+".name", "environment %q is listed twice", e.Name)
		}
		seen[e.Name] = true
		if !(e.TrafficScale > 0 && e.TrafficScale <= 1) {
			v.add(p+".traffic_scale", "%g is out of range (valid: more than 0 and at most 1, a fraction of production's traffic)", e.TrafficScale)
		}
	}
}
