package export

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/platform"
)

// ecsTaskDefinition is the part of an ECS task definition that
// `aws ecs register-task-definition --cli-input-json` reads and fulcrum fills.
type ecsTaskDefinition struct {
	Family                  string         `json:"family"`
	RequiresCompatibilities []string       `json:"requiresCompatibilities"`
	NetworkMode             string         `json:"networkMode"`
	CPU                     string         `json:"cpu"`
	Memory                  string         `json:"memory"`
	RuntimePlatform         map[string]any `json:"runtimePlatform"`
	ContainerDefinitions    []ecsContainer `json:"containerDefinitions"`
	Tags                    []ecsTag       `json:"tags"`
}

type ecsContainer struct {
	Name         string           `json:"name"`
	Image        string           `json:"image"`
	Essential    bool             `json:"essential"`
	PortMappings []map[string]any `json:"portMappings,omitempty"`
}

type ecsTag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// FargateTask is the task size the analysis priced.
type FargateTask struct {
	VCPU, MemoryGB float64
}

// fargateTask is an ECS task definition for a component on Fargate, sized
// as platform.FargateTasks priced it; the spec's fields ride in its tags.
func fargateTask(p placed) ([]byte, FargateTask, error) {
	_, vcpu, memGB := platform.FargateTasks(p.w)
	ctr := ecsContainer{Name: p.c.Name, Image: ImagePlaceholder(p.c.Name), Essential: true}
	if servesTraffic(p) {
		port, _ := servicePort(p.c)
		ctr.PortMappings = []map[string]any{{"containerPort": port, "protocol": "tcp"}}
	}
	td := ecsTaskDefinition{
		Family:                  p.c.Name,
		RequiresCompatibilities: []string{"FARGATE"},
		NetworkMode:             "awsvpc",
		CPU:                     fmt.Sprint(int(math.Round(vcpu * 1024))),
		Memory:                  fmt.Sprint(int(math.Round(memGB * 1024))),
		RuntimePlatform:         map[string]any{"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"},
		ContainerDefinitions:    []ecsContainer{ctr},
	}
	ann := prefixed(specAnnotations(p.c))
	for _, k := range sortedKeys(ann) {
		td.Tags = append(td.Tags, ecsTag{Key: k, Value: ann[k]})
	}
	b, err := json.MarshalIndent(td, "", "  ")
	if err != nil {
		return nil, FargateTask{}, fmt.Errorf("marshal task definition: %w", err)
	}
	return append(b, '\n'), FargateTask{VCPU: vcpu, MemoryGB: memGB}, nil
}
