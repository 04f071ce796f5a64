package priceimport

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// This file holds the small documented tables the providers' price files
// do not carry: EC2 network-interface limits (for EKS max pods), Azure VM
// shapes and GCE machine shapes. docs/catalog-import.md lists them with
// their sources; a type the tables do not cover is reported, never guessed.

// eniLimit is an EC2 type's maximum network interfaces and IPv4 addresses
// per interface.
type eniLimit struct{ enis, ips int }

// maxPods is the Amazon VPC CNI's pods per node without prefix delegation:
// ENIs × (IPv4 per ENI − 1) + 2.
func (l eniLimit) maxPods() int { return l.enis*(l.ips-1) + 2 }

// eksMaxPods caps the ENI figure as the EKS max-pods calculator recommends
// (prefix delegation off): at most 110 pods below 30 vCPUs, 250 from 30
// (https://github.com/awslabs/amazon-eks-ami/blob/main/templates/al2/runtime/max-pods-calculator.sh),
// the rule the embedded catalog follows (docs/cost-model.md#nodes).
func eksMaxPods(eni int, vcpu float64) int {
	if vcpu < 30 {
		return min(eni, 110)
	}
	return min(eni, 250)
}

// eniSource is where the ENI figures come from.
const eniSource = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AvailableIpPerENI.html"

// eniTableDate is when the ENI table was last checked.
const eniTableDate = "2026-11-26"

// nitroSizes are the ENI limits by size shared by the current Nitro
// general-purpose, compute- and memory-optimised families (m5, m6i, m7g,
// c6i, r7i and their a/d/g/i variants). c5 and c6 have 9xlarge and
// 18xlarge sizes with the 8xlarge and 16xlarge limits.
var nitroSizes = map[string]eniLimit{
	"large": {3, 10}, "xlarge": {4, 15}, "2xlarge": {4, 15},
	"4xlarge": {8, 30}, "8xlarge": {8, 30}, "9xlarge": {8, 30}, "12xlarge": {8, 30},
	"16xlarge": {15, 50}, "18xlarge": {15, 50}, "24xlarge": {15, 50}, "32xlarge": {15, 50},
	"48xlarge": {15, 50}, "metal": {15, 50},
}

// nitroFamilies use nitroSizes.
var nitroFamilies = regexp.MustCompile(`^(m5|m5a|m5d|m5ad|m6i|m6id|m6a|m6g|m6gd|m7i|m7a|m7g|m7gd|m8g|c5|c5a|c5d|c6i|c6id|c6a|c6g|c6gd|c7i|c7a|c7g|c7gd|c8g|r5|r5a|r5d|r6i|r6id|r6a|r6g|r6gd|r7i|r7a|r7g|r7gd|r8g)$`)

// burstableSizes are the t3, t3a and t4g limits.
var burstableSizes = map[string]eniLimit{
	"nano": {2, 2}, "micro": {2, 2}, "small": {3, 4}, "medium": {3, 6},
	"large": {3, 12}, "xlarge": {4, 15}, "2xlarge": {4, 15},
}

// eniExact are the types whose limits follow no family rule.
var eniExact = map[string]eniLimit{
	"g4dn.xlarge": {3, 10}, "g4dn.2xlarge": {3, 10}, "g4dn.4xlarge": {3, 10},
	"g4dn.8xlarge": {4, 15}, "g4dn.16xlarge": {4, 15}, "g4dn.12xlarge": {8, 30}, "g4dn.metal": {15, 50},
	"g5.xlarge": {4, 15}, "g5.2xlarge": {4, 15}, "g5.4xlarge": {8, 30}, "g5.8xlarge": {8, 30},
	"g5.16xlarge": {8, 30}, "g5.12xlarge": {15, 50}, "g5.24xlarge": {15, 50}, "g5.48xlarge": {7, 50},
	"t3a.small": {2, 4},
}

// eniFor returns an EC2 type's ENI limits, if the tables have them.
func eniFor(instanceType string) (eniLimit, bool) {
	if l, ok := eniExact[instanceType]; ok {
		return l, true
	}
	fam, size, _ := strings.Cut(instanceType, ".")
	switch {
	case nitroFamilies.MatchString(fam):
		l, ok := nitroSizes[size]
		return l, ok
	case fam == "t3" || fam == "t3a" || fam == "t4g":
		l, ok := burstableSizes[size]
		return l, ok
	}
	return eniLimit{}, false
}

// shape is a VM's vCPUs, memory and GPUs with its family class.
type shape struct {
	vcpu    int
	memGiB  float64
	gpus    int
	gpuKind string // GCP: the GPU price family ("t4", "l4")
	class   class
	prevGen bool
}

// ---------------------------------------------------------------- Azure

// azureSource documents the Azure shapes.
const azureShapeSource = "https://learn.microsoft.com/azure/virtual-machines/sizes/overview"

// azureExact are the Azure sizes no series rule covers.
var azureExact = map[string]shape{
	"Standard_B2s":          {vcpu: 2, memGiB: 4, class: class{primary: FamilyGeneral, burstable: true}},
	"Standard_B2ms":         {vcpu: 2, memGiB: 8, class: class{primary: FamilyGeneral, burstable: true}},
	"Standard_B4ms":         {vcpu: 4, memGiB: 16, class: class{primary: FamilyGeneral, burstable: true}},
	"Standard_B8ms":         {vcpu: 8, memGiB: 32, class: class{primary: FamilyGeneral, burstable: true}},
	"Standard_B12ms":        {vcpu: 12, memGiB: 48, class: class{primary: FamilyGeneral, burstable: true}},
	"Standard_B16ms":        {vcpu: 16, memGiB: 64, class: class{primary: FamilyGeneral, burstable: true}},
	"Standard_B20ms":        {vcpu: 20, memGiB: 80, class: class{primary: FamilyGeneral, burstable: true}},
	"Standard_B1s":          {vcpu: 1, memGiB: 1, class: class{primary: FamilyGeneral, burstable: true}},
	"Standard_B1ms":         {vcpu: 1, memGiB: 2, class: class{primary: FamilyGeneral, burstable: true}},
	"Standard_NC4as_T4_v3":  {vcpu: 4, memGiB: 28, gpus: 1, class: class{primary: FamilyGPU}},
	"Standard_NC8as_T4_v3":  {vcpu: 8, memGiB: 56, gpus: 1, class: class{primary: FamilyGPU}},
	"Standard_NC16as_T4_v3": {vcpu: 16, memGiB: 110, gpus: 1, class: class{primary: FamilyGPU}},
	"Standard_NC64as_T4_v3": {vcpu: 64, memGiB: 440, gpus: 4, class: class{primary: FamilyGPU}},
}

// azureSeries matches the D, E and F series: Standard_<series><vCPUs><features>_v<version>.
var azureSeries = regexp.MustCompile(`^Standard_([DEF])(\d+)([a-z]*)_v(\d)$`)

// azureShapeFor returns an Azure size's shape, if the table has it. Rules:
// D v3–v6 4 GiB per vCPU (2 with the l feature), E v3–v6 8 GiB per vCPU up
// to 48 vCPUs (v3, v4) or 64 (v5, v6), F v2 2 GiB per vCPU; the p feature
// is Arm (Ampere).
func azureShapeFor(arm string) (shape, bool) {
	if s, ok := azureExact[arm]; ok {
		return s, true
	}
	m := azureSeries.FindStringSubmatch(arm)
	if m == nil {
		return shape{}, false
	}
	vcpu, _ := strconv.Atoi(m[2])
	ver, _ := strconv.Atoi(m[4])
	feat := m[3]
	s := shape{vcpu: vcpu, class: class{arm: strings.Contains(feat, "p")}}
	switch {
	case m[1] == "D" && ver >= 3 && ver <= 6 && vcpu <= 96:
		s.class.primary, s.memGiB = FamilyGeneral, float64(4*vcpu)
		if strings.Contains(feat, "l") {
			s.memGiB = float64(2 * vcpu)
		}
		s.prevGen = ver < 5
	case m[1] == "E" && ver >= 3 && ver <= 6 && (vcpu <= 48 || (ver >= 5 && vcpu <= 64)):
		s.class.primary, s.memGiB = FamilyMemory, float64(8*vcpu)
		s.prevGen = ver < 5
	case m[1] == "F" && ver == 2 && vcpu <= 72:
		s.class.primary, s.memGiB = FamilyCompute, float64(2*vcpu)
	default:
		return shape{}, false
	}
	return s, true
}

// ------------------------------------------------------------------ GCP

// gcpShapeSource documents the GCE shapes.
const gcpShapeSource = "https://cloud.google.com/compute/docs/machine-resource"

// gcpFamily is a GCE machine family: how its SKUs are described and which
// predefined shapes it has.
type gcpFamily struct {
	core, ram string // SKU description prefixes before " running in"
	arm       bool
	prevGen   bool
	// types: shape kind (standard, highmem, highcpu) -> GiB per vCPU and
	// the vCPU counts offered.
	types map[string]gcpKind
}

type gcpKind struct {
	gibPerVCPU float64
	vcpus      []int
}

var gcpFamilies = map[string]gcpFamily{
	"e2": {core: "E2 Instance Core", ram: "E2 Instance Ram", types: map[string]gcpKind{
		"standard": {4, []int{2, 4, 8, 16, 32}}, "highmem": {8, []int{2, 4, 8, 16}}, "highcpu": {1, []int{2, 4, 8, 16, 32}}}},
	"n2": {core: "N2 Instance Core", ram: "N2 Instance Ram", types: map[string]gcpKind{
		"standard": {4, []int{2, 4, 8, 16, 32, 48, 64, 80, 96, 128}}, "highmem": {8, []int{2, 4, 8, 16, 32, 48, 64, 80, 96, 128}},
		"highcpu": {1, []int{2, 4, 8, 16, 32, 48, 64, 80, 96}}}},
	"n2d": {core: "N2D AMD Instance Core", ram: "N2D AMD Instance Ram", types: map[string]gcpKind{
		"standard": {4, []int{2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 224}}, "highmem": {8, []int{2, 4, 8, 16, 32, 48, 64, 80, 96}},
		"highcpu": {1, []int{2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 224}}}},
	"n1": {core: "N1 Predefined Instance Core", ram: "N1 Predefined Instance Ram", prevGen: true, types: map[string]gcpKind{
		"standard": {3.75, []int{1, 2, 4, 8, 16, 32, 64, 96}}, "highmem": {6.5, []int{2, 4, 8, 16, 32, 64, 96}},
		"highcpu": {0.9, []int{2, 4, 8, 16, 32, 64, 96}}}},
	"n4": {core: "N4 Instance Core", ram: "N4 Instance Ram", types: map[string]gcpKind{
		"standard": {4, []int{2, 4, 8, 16, 32, 48, 64, 80}}, "highmem": {8, []int{2, 4, 8, 16, 32, 48, 64, 80}},
		"highcpu": {2, []int{2, 4, 8, 16, 32, 48, 64, 80}}}},
	"c2": {core: "Compute optimized Core", ram: "Compute optimized Ram", types: map[string]gcpKind{
		"standard": {4, []int{4, 8, 16, 30, 60}}}},
	"c2d": {core: "C2D AMD Instance Core", ram: "C2D AMD Instance Ram", types: map[string]gcpKind{
		"standard": {4, []int{2, 4, 8, 16, 32, 56, 112}}, "highmem": {8, []int{2, 4, 8, 16, 32, 56, 112}},
		"highcpu": {2, []int{2, 4, 8, 16, 32, 56, 112}}}},
	"c3": {core: "C3 Instance Core", ram: "C3 Instance Ram", types: map[string]gcpKind{
		"standard": {4, []int{4, 8, 22, 44, 88, 176}}, "highmem": {8, []int{4, 8, 22, 44, 88, 176}},
		"highcpu": {2, []int{4, 8, 22, 44, 88, 176}}}},
	"t2d": {core: "T2D AMD Instance Core", ram: "T2D AMD Instance Ram", types: map[string]gcpKind{
		"standard": {4, []int{1, 2, 4, 8, 16, 32, 48, 60}}}},
	"t2a": {core: "T2A Arm Instance Core", ram: "T2A Arm Instance Ram", arm: true, types: map[string]gcpKind{
		"standard": {4, []int{1, 2, 4, 8, 16, 32, 48}}}},
	"c4a": {core: "C4A Arm Instance Core", ram: "C4A Arm Instance Ram", arm: true, types: map[string]gcpKind{
		"standard": {4, []int{1, 2, 4, 8, 16, 32, 48, 64, 72}}, "highmem": {8, []int{1, 2, 4, 8, 16, 32, 48, 64, 72}},
		"highcpu": {2, []int{1, 2, 4, 8, 16, 32, 48, 64, 72}}}},
	"g2": {core: "G2 Instance Core", ram: "G2 Instance Ram"},
}

// gcpGPUs are the GPU SKUs priced per GPU-hour, by the kind shapes name.
var gcpGPUs = map[string]string{"t4": "Nvidia Tesla T4 GPU", "l4": "Nvidia L4 GPU"}

// gcpExact are shapes with GPUs: G2 (L4 attached) and the catalog's
// n1-standard-4 with one T4.
var gcpExact = map[string]shape{
	"g2-standard-4":    {vcpu: 4, memGiB: 16, gpus: 1, gpuKind: "l4"},
	"g2-standard-8":    {vcpu: 8, memGiB: 32, gpus: 1, gpuKind: "l4"},
	"g2-standard-12":   {vcpu: 12, memGiB: 48, gpus: 1, gpuKind: "l4"},
	"g2-standard-16":   {vcpu: 16, memGiB: 64, gpus: 1, gpuKind: "l4"},
	"g2-standard-24":   {vcpu: 24, memGiB: 96, gpus: 2, gpuKind: "l4"},
	"g2-standard-32":   {vcpu: 32, memGiB: 128, gpus: 1, gpuKind: "l4"},
	"g2-standard-48":   {vcpu: 48, memGiB: 192, gpus: 4, gpuKind: "l4"},
	"g2-standard-96":   {vcpu: 96, memGiB: 384, gpus: 8, gpuKind: "l4"},
	"n1-standard-4-t4": {vcpu: 4, memGiB: 15, gpus: 1, gpuKind: "t4"},
}

// gcpShape is one machine type of the table.
type gcpShape struct {
	name   string
	family string
	shape
}

// gcpShapes lists every machine type of the tables, sorted by name.
func gcpShapes() []gcpShape {
	var out []gcpShape
	for fam, f := range gcpFamilies {
		for kind, k := range f.types {
			primary := map[string]string{"standard": FamilyGeneral, "highmem": FamilyMemory, "highcpu": FamilyCompute}[kind]
			if fam == "c2" || fam == "c2d" || fam == "c3" {
				if kind == "standard" {
					primary = FamilyCompute
				}
			}
			for _, n := range k.vcpus {
				out = append(out, gcpShape{name: fmt.Sprintf("%s-%s-%d", fam, kind, n), family: fam,
					shape: shape{vcpu: n, memGiB: k.gibPerVCPU * float64(n), class: class{primary: primary, arm: f.arm}, prevGen: f.prevGen}})
			}
		}
	}
	for name, s := range gcpExact {
		fam, _, _ := strings.Cut(name, "-")
		s.class = class{primary: FamilyGPU}
		s.prevGen = gcpFamilies[fam].prevGen
		out = append(out, gcpShape{name: name, family: fam, shape: s})
	}
	sortShapes(out)
	return out
}
