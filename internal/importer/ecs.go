package importer

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// importECS reads an ECS task definition (the JSON that `aws ecs
// register-task-definition --cli-input-json` takes, or that `aws ecs
// describe-task-definition` prints under taskDefinition): the task's
// memory and CPU, its first container's image and ports, and the
// fulcrum.dev/* tags fulcrum export writes.
func importECS(r *Result, s Source) {
	var doc struct {
		ecsTask
		TaskDefinition *ecsTask `json:"taskDefinition"`
		Tags           []ecsKV  `json:"tags"`
	}
	if err := json.Unmarshal(s.Data, &doc); err != nil {
		line := 1
		if se, ok := err.(*json.SyntaxError); ok {
			line = 1 + strings.Count(string(s.Data[:min(int(se.Offset), len(s.Data))]), "\n")
		}
		r.Skipped = append(r.Skipped, Problem{File: s.Name, Line: line, Msg: "not an ECS task definition: " + err.Error()})
		return
	}
	td := doc.ecsTask
	if doc.TaskDefinition != nil {
		td = *doc.TaskDefinition
	}
	if td.Family == "" || len(td.ContainerDefinitions) == 0 {
		r.Skipped = append(r.Skipped, Problem{File: s.Name, Line: 1, Msg: "an ECS task definition needs a family and a container"})
		return
	}
	ann := map[string]string{}
	for _, t := range doc.Tags {
		ann[t.Key] = t.Value
	}
	where := s.Name + ":1"
	c := &Component{Name: componentNameFrom(ann, td.Family), From: fmt.Sprintf("%s (ECS task definition %s)", where, td.Family)}
	ours := applyAnnotations(c, ann, where)
	if n, ok := number(td.Memory); ok && !c.has("memory_mb") {
		c.set("memory_mb", n, where+" (memory)", "")
	} else if n, ok := number(td.ContainerDefinitions[0].Memory); ok && !c.has("memory_mb") {
		c.set("memory_mb", n, where+" (containerDefinitions[0].memory)", "")
	}
	if n, ok := number(td.CPU); ok {
		c.note("task CPU: %s units (%g vCPU)", num(n), n/1024)
	}
	ctr := td.ContainerDefinitions[0]
	setRuntimeFromImage(c, ctr.Image, where)
	if !c.has("type") {
		if len(ctr.PortMappings) > 0 {
			c.set("type", string(workload.TypeHTTPAPI), "", fmt.Sprintf("the container maps a port (%s)", where))
		} else {
			c.set("type", string(workload.TypeEventProcessor), "", fmt.Sprintf("the container maps no port: a worker or a job (%s)", where))
		}
	}
	if !ours && len(td.RequiresCompatibilities) > 0 && !strings.Contains(strings.Join(td.RequiresCompatibilities, ","), "FARGATE") {
		c.note("requires %v: runs on EC2 container instances, not Fargate", td.RequiresCompatibilities)
	}
	if !c.has("requests_per_month") {
		c.set("requests_per_month", 1000000.0, "", "the task definition gives no traffic: set the real requests a month")
	}
	r.Components = append(r.Components, c)
}

type ecsTask struct {
	Family                  string   `json:"family"`
	CPU                     any      `json:"cpu"`
	Memory                  any      `json:"memory"`
	RequiresCompatibilities []string `json:"requiresCompatibilities"`
	ContainerDefinitions    []struct {
		Image        string           `json:"image"`
		Memory       any              `json:"memory"`
		PortMappings []map[string]any `json:"portMappings"`
	} `json:"containerDefinitions"`
}

type ecsKV struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}
