package org.scaledql.api.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Every invalid value fails when the config is built, with a message naming the value and the rule. */
class ConfigValidationTest {

    private static final int[] OBS = {4, 84, 84};

    @Test
    void resNetDepthMustBeStandard() {
        assertThatThrownBy(() -> ResNetConfig.depth(42)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("depth=42").hasMessageContaining("[18, 34, 50, 101, 152]");
    }

    @Test
    void groupsMustDivideEveryChannelCount() {
        assertThatThrownBy(() -> new ResNetConfig(18, 1.0, 48, ResNetConfig.Stem.IMAGENET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("divisible by groupNormGroups").hasMessageContaining("groupNormGroups=48")
                .hasMessageContaining("64 channels");
        assertThatThrownBy(() -> new ResNetConfig(18, 0.375, 16, ResNetConfig.Stem.IMAGENET))
                .hasMessageContaining("24 channels");
    }

    @Test
    void widthsAndGroupsMustBePositive() {
        assertThatThrownBy(() -> new ResNetConfig(18, 0, 8, ResNetConfig.Stem.SMALL)).hasMessageContaining("width=0");
        assertThatThrownBy(() -> new ResNetConfig(18, 1, 0, ResNetConfig.Stem.SMALL)).hasMessageContaining("groupNormGroups >= 1");
        assertThatThrownBy(() -> new ImpalaConfig(new int[] {16, 0}, 1, 2)).hasMessageContaining("[16, 0]");
        assertThatThrownBy(() -> new ImpalaConfig(new int[] {16}, 0, 2)).hasMessageContaining("widthMultiplier >= 1");
        assertThatThrownBy(() -> new NatureCnnConfig(0)).hasMessageContaining("widthMultiplier >= 1");
    }

    @Test
    void networkCountsMustBePositive() {
        assertThatThrownBy(() -> NetworkConfig.builder(OBS, 0, 18).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numGames=0");
        assertThatThrownBy(() -> NetworkConfig.builder(OBS, 5, 0).build()).hasMessageContaining("numActions=0");
        assertThatThrownBy(() -> NetworkConfig.builder(new int[] {4, 84}, 5, 18).build())
                .hasMessageContaining("[C, H, W]").hasMessageContaining("[4, 84]");
        assertThatThrownBy(() -> NetworkConfig.builder(OBS, 5, 18).torso(512, 0).build())
                .hasMessageContaining("[512, 0]");
    }

    @Test
    void encoderMustFitTheInput() {
        assertThatThrownBy(() -> NetworkConfig.builder(new int[] {4, 10, 10}, 1, 6).encoder(NatureCnnConfig.defaults()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("36x36").hasMessageContaining("10x10");
    }

    @Test
    void supportMustBeOrderedWithTwoAtoms() {
        assertThatThrownBy(() -> new Support(51, 3, -3)).hasMessageContaining("vMin=3.0, vMax=-3.0");
        assertThatThrownBy(() -> new Support(1, -1, 1)).hasMessageContaining("numAtoms=1");
        assertThatThrownBy(() -> new Support(51, Double.NaN, 1)).hasMessageContaining("vMin=NaN");
    }

    @Test
    void supportAtomsAreEvenlySpacedAndEndExactlyAtTheBounds() {
        double[] z = Support.defaults().atoms();
        assertThat(z).hasSize(51);
        assertThat(z[0]).isEqualTo(-10.0);
        assertThat(z[50]).isEqualTo(10.0);
        assertThat(z[25]).isEqualTo(0.0);
    }

    @Test
    void builderDefaultsAreThePapersChoices() {
        NetworkConfig c = NetworkConfig.builder(OBS, 40, 18).build();
        assertThat(c.reduction()).isEqualTo(FeatureReduction.SPATIAL_EMBEDDING);
        assertThat(c.featureNormalization()).isTrue();
        assertThat(c.head()).isEqualTo(new HeadConfig.C51(new Support(51, -10, 10)));
        assertThat(c.encoder()).isInstanceOf(ResNetConfig.class);
        NetworkConfig grid = NetworkConfig.builder(new int[] {7, 10, 10}, 5, 6).build();
        assertThat(((ResNetConfig) grid.encoder()).stem()).isEqualTo(ResNetConfig.Stem.SMALL);
    }
}
